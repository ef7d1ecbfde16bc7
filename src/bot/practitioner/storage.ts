// botbuilder's Storage over a KeyedStore, so practitioners' dialog state (an action half-entered, a
// conversation set aside) survives a restart like everything else. Last write wins: one practitioner's
// turns already run one at a time.
import type { Storage, StoreItems } from 'botbuilder';
import type { KeyedStore } from '../../records/store.js';

export class KeyedStoreStorage implements Storage {
  constructor(private store: KeyedStore<Record<string, unknown>>) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const value = await this.store.get(key);
      if (value) items[key] = value;
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      // savedAt lets retention remove a dialog left half-done (an action never finished).
      await this.store.put(key, { ...(JSON.parse(JSON.stringify(value)) as Record<string, unknown>), savedAt: new Date().toISOString() });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.delete(key);
  }
}
