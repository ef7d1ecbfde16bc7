// Reads a themes list (config/themes.default.yaml ships with the product) and checks it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../cards/files.js';
import { formatZodIssue } from '../conversation/zod-message.js';
import { ThemeList, type ThemeDefinition } from './theme-schema.js';

export function loadThemesFile(file: string): ThemeDefinition[] {
  const shown = relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${shown}: ${code === 'ENOENT' ? 'file not found' : `not valid YAML (${(error as Error).message.split('\n')[0]})`}`);
  }
  const parsed = ThemeList.safeParse(raw);
  if (!parsed.success) throw new Error(formatZodIssue(shown, parsed.error));
  return parsed.data;
}

let defaults: ThemeDefinition[] | undefined;

/** The shipped list, used when the organisation file names no themes. */
export function defaultThemes(): ThemeDefinition[] {
  defaults ??= loadThemesFile(join(projectRoot(), 'config', 'themes.default.yaml'));
  return defaults;
}
