// Record ids: a shard prefix from the subject, so one person's records share a shard file.
import { createHash, randomUUID } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `${sha256(subjectRef).slice(0, 2)}-${randomUUID()}`: the first two hex chars name the record's shard. */
export function newRecordId(subjectRef: string): string {
  return `${sha256Hex(subjectRef).slice(0, 2)}-${randomUUID()}`;
}
