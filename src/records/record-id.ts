// Record ids: a shard prefix from the subject, so one person's records share a shard file.
import { createHash, randomUUID } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `${sha256(subjectRef).slice(0, 2)}-${randomUUID()}`: the first two hex chars name the record's shard. */
export function newRecordId(subjectRef: string): string {
  return `${sha256Hex(subjectRef).slice(0, 2)}-${randomUUID()}`;
}

/**
 * The id of the record one confirm makes: the same for the same conversation state, so a confirm run again
 * (after a crash between storing the record and saving the state) finds the record it stored, not a second.
 * The hash is of the conversation's id, never of the subject: record ids go into exports beside created_at,
 * and a hash of the code's hash there could be matched by trying codes, as a plain subject_ref could.
 */
export function confirmRecordId(subjectRef: string, conversationId: string, startedAt: string, stateVersion: string): string {
  const h = sha256Hex(`confirm|${conversationId}|${startedAt}|${stateVersion}`);
  return `${sha256Hex(subjectRef).slice(0, 2)}-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
