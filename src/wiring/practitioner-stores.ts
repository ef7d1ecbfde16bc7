// The small stores practitioners and reviews need beside the main Store, as files under DATA_DIR:
//   DATA/reviews/              a review conversation in progress, per conversation (encrypted with DATA_KEYS)
//   DATA/teams-references/     where to reach each practitioner in Teams (ids only)
//   DATA/practitioner-dialogs/ a practitioner's dialog stack, e.g. an action half-entered (encrypted)
// Kept apart from the main Store so its layout (or PostgreSQL) can change without touching these.
import path from 'node:path';
import { z } from 'zod';
import { ReviewState } from '../conversation/review.js';
import { StoredReference } from '../notify/reference.js';
import type { Keyring } from '../records/keyring.js';
import { FileKeyedStore, type Sealer } from '../records/file-keyed.js';
import type { KeyedStore, SharedPlaces } from '../records/store.js';

export interface PractitionerStores {
  reviews: KeyedStore<ReviewState>;
  references: KeyedStore<StoredReference>;
  dialogs: KeyedStore<Record<string, unknown>>;
}

function sealer(keyring: Keyring | undefined, field: string): Sealer | undefined {
  return keyring && { seal: (plain) => keyring.encrypt(plain, field), open: (sealed) => keyring.decrypt(sealed, field) };
}

/** With `shared` (a store several instances share, i.e. PostgreSQL) they live there instead of under dataDir. */
export async function openPractitionerStores(dataDir: string, keyring?: Keyring, shared?: SharedPlaces): Promise<PractitionerStores> {
  const open = async <T>(name: string, schema: z.ZodType<T>, seal?: Sealer): Promise<KeyedStore<T>> =>
    shared ? shared.keyed(name, schema, seal) : FileKeyedStore.open(path.join(dataDir, name), schema, seal);
  return {
    reviews: await open('reviews', ReviewState, sealer(keyring, 'review-state')),
    references: await open('teams-references', StoredReference),
    dialogs: await open('practitioner-dialogs', z.record(z.string(), z.unknown()), sealer(keyring, 'practitioner-dialog')),
  };
}
