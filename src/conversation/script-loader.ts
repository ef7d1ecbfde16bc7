// Reads and checks dialogs/ID.yaml at start-up. Pure of Bot Framework and config: the bootstrap maps ScriptError.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Script } from './script.js';
import { ReplyPhrases } from './understanding/reply-phrases.js';
import { readYamlFile } from './yaml-file.js';

/** A script that cannot be used. The message is one line: `dialogs/carer.yaml: path: what is wrong`. */
export class ScriptError extends Error {
  override name = 'ScriptError';
}

/** Relative to the working directory when the file is under it, otherwise the full path. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}

function loadScript(dir: string, id: string): Script {
  const file = path.join(dir, `${id}.yaml`);
  const where = displayPath(file);
  const script = readYamlFile(file, Script, (m) => new ScriptError(m), { where });
  if (script.id !== id) throw new ScriptError(`${where}: id: must be "${id}" to match the file name, not "${script.id}"`);
  const replies = path.join(dir, 'replies', `${script.locale}.yaml`);
  if (existsSync(replies)) script.replies = readYamlFile(replies, ReplyPhrases, (m) => new ScriptError(m), { where: displayPath(replies) });
  return script;
}

/** Loads `dir/ID.yaml` for each id, in the order given. Throws ScriptError on the first problem. */
export function loadScripts(dir: string, ids: string[]): Map<string, Script> {
  const scripts = new Map<string, Script>();
  for (const id of ids) scripts.set(id, loadScript(dir, id));
  return scripts;
}
