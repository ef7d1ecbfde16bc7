// Reads a YAML data file (scripts, wording, settings) and checks it with a zod schema. Every problem is
// one line that names the file: `dialogs/carer.yaml: outcomes[3].scale: unknown scale "five"`.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { formatZodIssue } from './zod-message.js';

/**
 * `where` is how the file is named in messages; `fail` makes the caller's own error type from a message.
 * `describe` lets a caller word zod problems its own way (defaults to formatZodIssue).
 */
export function readYamlFile<T>(
  file: string,
  schema: z.ZodType<T>,
  fail: (message: string) => Error,
  options: { where?: string; describe?: (where: string, error: z.ZodError) => string } = {},
): T {
  const where = options.where ?? file;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(`${where}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'unknown error'})`}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (err) {
    throw fail(`${where}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fail((options.describe ?? formatZodIssue)(where, parsed.error));
  return parsed.data;
}
