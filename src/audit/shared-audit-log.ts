// The audit log in the store's shared places (PostgreSQL), so every instance writes to and reads one log.
// The same entries as FileAuditLog; the database refuses to change or delete one (002_shared_places.sql).
import type { SharedPlaces } from '../records/store.js';
import { AuditEntry, type AuditLog } from './audit-log.js';

export function sharedAuditLog(shared: SharedPlaces): AuditLog {
  const log = shared.log('audit', AuditEntry);
  return {
    append: (entry) => log.append(AuditEntry.parse({ ...entry, at: entry.at ?? new Date().toISOString() })),
    // Entries are checked when written, so there are no unreadable lines to report.
    entries: () => log.entries(),
  };
}
