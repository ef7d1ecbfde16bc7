// The small stores practitioners and reviews need beside the main Store, as lowdb files under DATA_DIR:
//   DATA/reviews/              a review conversation in progress, per conversation (encrypted with DATA_KEYS)
//   DATA/teams-references/     where to reach each practitioner in Teams (ids only)
//   DATA/practitioner-dialogs/ a practitioner's dialog stack, e.g. an action half-entered (encrypted)
// Kept apart from the main Store so its layout (or PostgreSQL) can change without touching these.
import path from 'node:path';
import { z } from 'zod';
import { ReviewState } from '../conversation/review.js';
import { StoredReference } from '../notify/reference.js';
import type { Keyring } from './keyring.js';
import { LowdbKeyedStore, type Sealer } from './lowdb-keyed.js';
import type { KeyedStore } from './store.js';

export interface PractitionerStores {
  reviews: KeyedStore<ReviewState>;
  references: KeyedStore<StoredReference>;
  dialogs: KeyedStore<Record<string, unknown>>;
}

function sealer(keyring: Keyring | undefined, field: string): Sealer | undefined {
  return keyring && { seal: (plain) => keyring.encrypt(plain, field), open: (sealed) => keyring.decrypt(sealed, field) };
}

export async function openPractitionerStores(dataDir: string, keyring?: Keyring): Promise<PractitionerStores> {
  return {
    reviews: await LowdbKeyedStore.open(path.join(dataDir, 'reviews'), ReviewState, sealer(keyring, 'review-state')),
    references: await LowdbKeyedStore.open(path.join(dataDir, 'teams-references'), StoredReference),
    dialogs: await LowdbKeyedStore.open(path.join(dataDir, 'practitioner-dialogs'), z.record(z.string(), z.unknown()), sealer(keyring, 'practitioner-dialog')),
  };
}
