// A person is known only by the hash of their reference code: records never hold the code itself.
import { createHash } from 'node:crypto';

export function subjectRefFor(code: string): string {
  return createHash('sha256').update(`subject:${code}`).digest('hex');
}
