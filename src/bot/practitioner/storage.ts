// botbuilder's Storage over a KeyedStore, so practitioners' dialog state (an action half-entered, a
// conversation set aside) survives a restart like everything else, and two turns of one practitioner's
// chat on two instances cannot both write it.
//
// botbuilder's BotState writes every change with eTag '*' (last write wins), so the version is carried
// another way: read() tags the object it returns with the version it was read at (a symbol, so it is
// never stored and never changes BotState's change hash), BotState keeps that same object for the turn
// and hands it back to write(), and write() saves it only if the stored version is still that one
// (else ConflictError: the turn runs again, see teams-practitioners.ts). A key with nothing stored
// reads as an empty object tagged "nothing here", so a first write cannot overwrite one made meanwhile.
import type { Storage, StoreItems } from 'botbuilder';
import type { KeyedStore } from '../../records/store.js';

const VERSION = Symbol('storedVersion');

type Tagged = Record<string, unknown> & { [VERSION]?: string | null };

export class KeyedStoreStorage implements Storage {
  constructor(private store: KeyedStore<Record<string, unknown>>) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const read = await this.store.getWithVersion(key);
      const item: Tagged = read ? { ...read.value } : {};
      item[VERSION] = read?.version ?? null;
      items[key] = item;
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes) as [string, Tagged][]) {
      // savedAt lets retention remove a dialog left half-done (an action never finished). BotState's eTag
      // ('*') is not kept: the version is the store's.
      const { eTag: _eTag, ...plain } = JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
      const value = { ...plain, savedAt: new Date().toISOString() };
      if (!(VERSION in item)) {
        await this.store.put(key, value);
        continue;
      }
      // Tagged again with the new version, so a second save in the same turn is checked against this one.
      item[VERSION] = await this.store.putIfVersion(key, value, item[VERSION] ?? null);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.delete(key);
  }
}
