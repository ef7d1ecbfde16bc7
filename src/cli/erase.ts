// npm run erase -- --code ABCD-EFGH-JK
// Erases everything kept under a person's reference code, for a request that came by phone, letter or
// email rather than through the chat ("forget me CODE" does the same there). Leaves a tombstone.
import { parseArgs } from 'node:util';
import { normaliseReferenceCode } from '../conversation/reference-code.js';
import { eraseByCode } from '../privacy/erase.js';
import { openFlagNotices } from '../privacy/flag-notices.js';
import { openTombstones } from '../privacy/tombstones.js';
import { sharedFlagNotices, sharedTombstones } from '../privacy/shared-privacy.js';
import { CliError, openCliData, runCli } from './open-data.js';

const USAGE = 'usage: npm run erase -- --code ABCD-EFGH-JK';

runCli('erase', async () => {
  const { values } = parseArgs({ options: { code: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const code = values.code && normaliseReferenceCode(values.code);
  if (!code) throw new CliError(`--code must be a reference code like ABCD-EFGH-JK (${USAGE})`);
  const data = await openCliData();
  try {
    // Through the decorator: a state's code is encrypted, so it is compared as plain text.
    // With PostgreSQL, the notices and erasure log every instance shares.
    const shared = data.raw.shared;
    const notices = shared ? sharedFlagNotices(shared) : await openFlagNotices(data.dataDir);
    const tombstones = shared ? sharedTombstones(shared) : await openTombstones(data.dataDir);
    const r = await eraseByCode({ store: data.store, notices, tombstones }, code, 'operator');
    process.stdout.write(
      `erase: removed ${r.records} records, ${r.paused} paused conversations, ${r.conversations} conversation states, ${r.notices} flag notices\n`,
    );
    if (!r.sweptStates) process.stdout.write('erase: this store cannot list conversation states, so copies in unfinished chats were not looked for\n');
    return 0;
  } finally {
    await data.raw.close();
  }
});
