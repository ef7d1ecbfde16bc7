// The store contract, run against the embedded lowdb store (a fresh folder per test).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openFileStore } from '../../src/records/file-store.js';
import { describeStoreContract } from './contract.js';

describeStoreContract(
  'lowdb',
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'outcomes-contract-'));
    return {
      open: () => openFileStore(dir),
      destroy: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { sharedBetweenInstances: false },
);
