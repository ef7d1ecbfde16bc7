// Safeguarding notices and erasure tombstones in the store's shared places (PostgreSQL), so every
// instance sees every notice and adds to one erasure log. Same behaviour as the file versions.
import type { SharedPlaces } from '../records/store.js';
import { conversationRefFor, FlagNotice, mergeFlag, withDetails, type FlagNotices } from './flag-notices.js';
import { Tombstone, type Tombstones } from './tombstones.js';

export function sharedTombstones(shared: SharedPlaces): Tombstones {
  const log = shared.log('erasures', Tombstone);
  return { append: (entry) => log.append(Tombstone.parse({ ...entry, at: entry.at ?? new Date().toISOString() })) };
}

export function sharedFlagNotices(shared: SharedPlaces): FlagNotices {
  const notices = shared.collection('flag-notices', FlagNotice);
  return {
    async flagged(flag) {
      const ref = conversationRefFor(flag.conversationId);
      const notice = await notices.update(ref, (existing) => mergeFlag(existing, ref, flag));
      return notice!;
    },
    async link(conversationId, links) {
      await notices.update(conversationRefFor(conversationId), (existing) => existing && { ...existing, ...links });
    },
    async update(conversationId, details) {
      await notices.update(conversationRefFor(conversationId), (existing) => existing && FlagNotice.parse(withDetails(existing, details)));
    },
    async rewrite(change) {
      let count = 0;
      for (const notice of await notices.list()) {
        await notices.update(notice.conversationRef, (current) => current && (count++, FlagNotice.parse(change(current))));
      }
      return count;
    },
    // Oldest flag first, as the file keeps them.
    list: async () => (await notices.list()).sort((a, b) => Date.parse(a.lastAt) - Date.parse(b.lastAt) || (a.id < b.id ? -1 : 1)),
    deleteBySubject: (subjectRef) => notices.deleteWhere((n) => n.subjectRef === subjectRef),
    deleteRecord: (recordId) => notices.deleteWhere((n) => n.recordId === recordId),
    deleteOlderThan: (iso) => notices.deleteWhere((n) => !(Date.parse(n.lastAt) >= Date.parse(iso))),
  };
}
