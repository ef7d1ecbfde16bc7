// Reads the safeguarding phrase lists at start-up: the shipped defaults, plus or instead of the organisation's own.
import path from 'node:path';
import { ConfigError } from '../config.js';
import { createSafeguardingCheck, mergePhraseLists, PhraseError, PhraseLists, type SafeguardingMatcher } from '../conversation/safeguarding.js';
import { readYamlFile } from '../conversation/yaml-file.js';

export const DEFAULT_PHRASES_FILE = 'config/safeguarding.yaml';

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
}

function compile(lists: PhraseLists, file: string): SafeguardingMatcher {
  try {
    return createSafeguardingCheck(lists);
  } catch (err) {
    if (err instanceof PhraseError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
}

/** Loads and compiles the lists; a bad phrase stops start-up with `file: categories.x[3]: "phrase": what is wrong`. */
export function loadSafeguarding(options: SafeguardingFiles = {}): SafeguardingMatcher {
  const defaultsFile = path.resolve(options.defaultsFile ?? DEFAULT_PHRASES_FILE);
  const ownFile = options.phrasesFile ? path.resolve(options.phrasesFile) : undefined;
  if (options.replaceDefaults && !ownFile) throw new ConfigError('safeguarding.replaceDefaults: needs safeguarding.phrasesFile');
  if (!ownFile) return compile(loadPhraseLists(defaultsFile), defaultsFile);
  const own = loadPhraseLists(ownFile);
  if (options.replaceDefaults) return compile(own, ownFile);
  const defaults = loadPhraseLists(defaultsFile);
  // Checked on its own first, so a bad phrase is named by its place in the organisation's file.
  compile({ ...own, groups: { ...defaults.groups, ...own.groups } }, ownFile);
  return compile(mergePhraseLists(defaults, own), ownFile);
}
