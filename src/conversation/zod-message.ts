// One zod error -> one line an operator can act on: `where: path.to.field: what is wrong`.
import type { z } from 'zod';

/** `['outcomes', 3, 'scale']` -> `outcomes[3].scale`; an empty path -> `(top level)`. */
function formatZodPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join('');
}

/** Turns the first zod issue into `where: path: message`. A missing field reads "missing (expected string)". */
export function formatZodIssue(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const message = issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? `missing (expected ${issue.expected})` : issue.message;
  return `${where}: ${formatZodPath(issue.path)}: ${message}`;
}
