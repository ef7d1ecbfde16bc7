// npm run rotate-keys                 re-encrypts everything under the first key in DATA_KEYS
// npm run rotate-keys -- --new-key ID prints a new key to put first in DATA_KEYS
// To rotate: make a new key, put it first in DATA_KEYS (keep the old ones after it), restart the bot, run
// this, and remove an old key only when this reports nothing left under it. Plain text written before
// encryption was turned on is encrypted too.
import { parseArgs } from 'node:util';
import { mapRecordText, mapStateText } from '../records/encrypted-store.js';
import { isEncrypted, newKeySpec, type Keyring } from '../records/keyring.js';
import type { Store } from '../records/store.js';
import { mapPersonalText } from '../conversation/personal-text.js';
import { FlagNotice, openFlagNotices, type FlagNotices } from '../privacy/flag-notices.js';
import { sealedFlagNotices } from '../privacy/sealed-flag-notices.js';
import { sharedFlagNotices } from '../privacy/shared-privacy.js';
import { CliError, openCliData, runCli } from './open-data.js';

const USAGE = 'usage: npm run rotate-keys [-- --new-key ID]';

/** Key id -> how many stored values use it ("plain" for unencrypted text). */
async function census(raw: Store, keyring: Keyring, notices: FlagNotices): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const count = (value: string) => {
    const id = isEncrypted(value) ? (keyring.keyIdOf(value) ?? 'unreadable') : 'plain';
    counts.set(id, (counts.get(id) ?? 0) + 1);
    return value;
  };
  for await (const record of raw.records.all()) mapRecordText(record, count);
  for (const notice of await notices.list()) mapPersonalText(FlagNotice, notice, count);
  for (const states of [raw.conversations, raw.paused]) {
    await states.sweep?.((s) => {
      mapStateText(s, count);
      return 'keep';
    });
  }
  return counts;
}

function describe(counts: Map<string, number>): string {
  return counts.size ? [...counts].map(([id, n]) => `${id}: ${n}`).join(', ') : 'no values';
}

runCli('rotate-keys', async () => {
  const { values } = parseArgs({ options: { 'new-key': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values['new-key'] !== undefined) {
    process.stdout.write(`${newKeySpec(values['new-key'])}\n`);
    process.stderr.write('rotate-keys: put this first in DATA_KEYS, keep the old keys after it, restart the bot, then run npm run rotate-keys\n');
    return 0;
  }
  const data = await openCliData();
  if (!data.keyring) throw new CliError('DATA_KEYS is not set (make a key with: npm run rotate-keys -- --new-key k1)');
  const keyring = data.keyring;
  try {
    // Safety flag notices hold the person's contact answer (sealed): with PostgreSQL in the shared places.
    const notices = data.raw.shared ? sharedFlagNotices(data.raw.shared) : await openFlagNotices(data.dataDir);
    process.stdout.write(`rotate-keys: before: ${describe(await census(data.raw, keyring, notices))}\n`);
    const ids: string[] = [];
    for await (const record of data.raw.records.all()) ids.push(record.id);
    // Through the decorator: read (any known key), write (the current key).
    for (const id of ids) await data.store.records.update(id, (r) => r);
    let states = 0;
    for (const store of [data.store.conversations, data.store.paused]) states += (await store.sweep?.((s) => ({ replace: s }))) ?? 0;
    const flags = await sealedFlagNotices(notices, keyring).rewrite((n) => n);
    const after = await census(data.raw, keyring, notices);
    process.stdout.write(
      `rotate-keys: re-encrypted ${ids.length} records, ${states} conversation states and ${flags} flag notices under "${keyring.currentId}"\n`,
    );
    process.stdout.write(`rotate-keys: after: ${describe(after)}\n`);
    const left = [...after].filter(([id]) => id !== keyring.currentId);
    if (left.length) {
      process.stdout.write(`rotate-keys: still under other keys: ${describe(new Map(left))}; keep those keys in DATA_KEYS\n`);
      return 1;
    }
    const old = keyring.ids.filter((id) => id !== keyring.currentId);
    if (old.length)
      process.stdout.write(`rotate-keys: nothing is left under ${old.join(', ')}; you can remove ${old.length > 1 ? 'them' : 'it'} from DATA_KEYS\n`);
    return 0;
  } finally {
    await data.raw.close();
  }
});
