// Flag notices with the person's contact answer (and, where the policy keeps them, the words flagged) sealed at
// rest: the number or address and the safe times are
// encrypted with DATA_KEYS on the way in and opened on the way out, as encrypted-store.ts does for records and
// conversations. Wraps either the file or the PostgreSQL notices; the rest of a notice stays readable
// (retention and erasure need its dates and links, and none of it is what the person typed).
import { mapPersonalText, type Code } from '../conversation/personal-text.js';
import type { Keyring } from '../records/keyring.js';
import { FlagContact, FlagNotice, type FlagNotices } from './flag-notices.js';

function mapNotice(notice: FlagNotice, code: Code): FlagNotice {
  return mapPersonalText(FlagNotice, notice, code);
}

export function sealedFlagNotices(inner: FlagNotices, keyring: Keyring): FlagNotices {
  const seal: Code = (value, field) => keyring.encrypt(value, field);
  const open = (notice: FlagNotice) => mapNotice(notice, (value, field) => keyring.decrypt(value, field));
  return {
    flagged: async (flag) => open(await inner.flagged(flag.words ? { ...flag, words: seal(flag.words, 'safeguarding.words') } : flag)),
    link: (conversationId, links) => inner.link(conversationId, links),
    update: (conversationId, details) =>
      inner.update(conversationId, details.contact ? { ...details, contact: mapPersonalText(FlagContact, details.contact, seal) } : details),
    list: async () => (await inner.list()).map(open),
    rewrite: (change) => inner.rewrite((n) => mapNotice(change(open(n)), seal)),
    deleteBySubject: (subjectRef) => inner.deleteBySubject(subjectRef),
    deleteRecord: (recordId) => inner.deleteRecord(recordId),
    deleteOlderThan: (iso) => inner.deleteOlderThan(iso),
  };
}
