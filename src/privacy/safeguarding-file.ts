// Reads the safeguarding phrase lists at start-up: the shipped defaults, plus or instead of the organisation's own.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { createSafeguardingCheck, mergePhraseLists, PhraseError, PhraseLists, type SafeguardingMatcher } from '../conversation/safeguarding.js';
import { readYamlFile } from '../conversation/yaml-file.js';
import { cachedInflector, type Inflector } from '../conversation/inflections.js';
import { RiskModel, withRiskModel } from '../conversation/risk-model/model.js';

const DEFAULT_PHRASES_FILE = 'config/safeguarding.yaml';
/** The shipped risk model (npm run train:safety), read after the lists: see src/conversation/risk-model/. */
export const MODEL_FILE = 'config/safeguarding.model.json';
/** The shipped lists' "~" words, made once (see src/conversation/inflections.ts). */
export const INFLECTIONS_FILE = 'config/safeguarding.inflections.json';

const Inflections = z.record(z.string(), z.array(z.string()));

function inflector(): Inflector {
  const file = path.resolve(INFLECTIONS_FILE);
  // A missing or broken file only costs start-up time: every word is then looked up in the lexicon.
  const made = existsSync(file) ? Inflections.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  return cachedInflector(made?.success ? made.data : {});
}

export function loadPhraseLists(file: string): PhraseLists {
  return readYamlFile(file, PhraseLists, (m) => new ConfigError(m));
}

export interface SafeguardingFiles {
  /** The organisation's own phrases file, if any. */
  phrasesFile?: string;
  /** True: use only the organisation's file. False (default): add it to the shipped lists. */
  replaceDefaults?: boolean;
  /** Where the shipped lists are (tests point elsewhere). */
  defaultsFile?: string;
  /** False: the lists only, without the shipped risk model. Always off when the organisation's lists replace the shipped ones. */
  model?: boolean;
}

function compile(lists: PhraseLists, file: string): SafeguardingMatcher {
  try {
    return createSafeguardingCheck(lists, inflector());
  } catch (err) {
    if (err instanceof PhraseError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
}

function loadRiskModel(): RiskModel {
  const file = path.resolve(MODEL_FILE);
  if (!existsSync(file)) throw new ConfigError(`${MODEL_FILE}: file not found (npm run train:safety makes it)`);
  const read = RiskModel.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!read.success) throw new ConfigError(`${MODEL_FILE}: not a risk model (npm run train:safety makes it again)`);
  return read.data;
}

/** The lists and the shipped risk model together (see withRiskModel), unless the organisation's lists replace the shipped ones. */
export function loadSafeguarding(options: SafeguardingFiles = {}): SafeguardingMatcher {
  const { all, own } = loadLists(options);
  if (options.model === false || options.replaceDefaults) return all;
  return withRiskModel(all, loadRiskModel(), own);
}

/**
 * Loads and compiles the lists (`all`), and the organisation's own on their own (`own`), if it has any.
 * A bad phrase stops start-up with `file: categories.x[3]: "phrase": what is wrong`.
 */
function loadLists(options: SafeguardingFiles): { all: SafeguardingMatcher; own?: SafeguardingMatcher } {
  const defaultsFile = path.resolve(options.defaultsFile ?? DEFAULT_PHRASES_FILE);
  const ownFile = options.phrasesFile ? path.resolve(options.phrasesFile) : undefined;
  if (options.replaceDefaults && !ownFile) throw new ConfigError('safeguarding.replaceDefaults: needs safeguarding.phrasesFile');
  if (!ownFile) return { all: compile(loadPhraseLists(defaultsFile), defaultsFile) };
  const own = loadPhraseLists(ownFile);
  if (options.replaceDefaults) return { all: compile(own, ownFile) };
  const defaults = loadPhraseLists(defaultsFile);
  // Compiled on its own first, so a bad phrase is named by its place in the organisation's file.
  const ownCheck = compile({ ...own, groups: { ...defaults.groups, ...own.groups } }, ownFile);
  return { all: compile(mergePhraseLists(defaults, own), ownFile), own: ownCheck };
}
