// Reads and checks dialogs/ID.yaml at start-up. Pure of Bot Framework and config: the bootstrap maps ScriptError.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Script } from './script.js';
import { formatZodIssue } from './zod-message.js';

/** A script that cannot be used. The message is one line: `dialogs/carer.yaml: path: what is wrong`. */
export class ScriptError extends Error {
  override name = 'ScriptError';
}

/** Relative to the working directory when the file is under it, otherwise the full path. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}

export function loadScript(dir: string, id: string): Script {
  const file = path.join(dir, `${id}.yaml`);
  const where = displayPath(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScriptError(`${where}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? (err as Error).message})`}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (err) {
    throw new ScriptError(`${where}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = Script.safeParse(raw);
  if (!parsed.success) throw new ScriptError(formatZodIssue(where, parsed.error));
  if (parsed.data.id !== id) throw new ScriptError(`${where}: id: must be "${id}" to match the file name, not "${parsed.data.id}"`);
  return parsed.data;
}

/** Loads `dir/ID.yaml` for each id, in the order given. Throws ScriptError on the first problem. */
export function loadScripts(dir: string, ids: string[]): Map<string, Script> {
  const scripts = new Map<string, Script>();
  for (const id of ids) scripts.set(id, loadScript(dir, id));
  return scripts;
}
