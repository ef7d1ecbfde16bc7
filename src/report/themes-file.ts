// Reads a themes list (config/themes.default.yaml ships with the product) and checks it.
import { join, relative } from 'node:path';
import { projectRoot } from '../cards/files.js';
import { ThemeList, type ThemeDefinition } from '../theme-schema.js';
import { readYamlFile } from '../conversation/yaml-file.js';

function loadThemesFile(file: string): ThemeDefinition[] {
  const shown = relative(process.cwd(), file) || file;
  return readYamlFile(file, ThemeList, (m) => new Error(m), { where: shown });
}

let defaults: ThemeDefinition[] | undefined;

/** The shipped list, used when the organisation file names no themes. */
export function defaultThemes(): ThemeDefinition[] {
  defaults ??= loadThemesFile(join(projectRoot(), 'config', 'themes.default.yaml'));
  return defaults;
}
