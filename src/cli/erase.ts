// npm run erase -- --code ABCD-EFGH-JK [--rewrite]
// Erases everything kept under a person's reference code, for a request that came by phone, letter or
// email rather than through the chat ("forget me CODE" does the same there). Leaves a tombstone.
// With PostgreSQL it then vacuums the tables it deleted from, so no dead copy of a deleted row is left
// for a query or a dump to find; --rewrite vacuums FULL, rewriting the tables' files (docs/SECURITY.md).
import { parseArgs } from 'node:util';
import { normaliseReferenceCode } from '../conversation/reference-code.js';
import { eraseByCode } from '../privacy/erase.js';
import { openFlagNotices } from '../privacy/flag-notices.js';
import { openTombstones } from '../privacy/tombstones.js';
import { sharedFlagNotices, sharedTombstones } from '../privacy/shared-privacy.js';
import { CliError, openCliData, runCli } from './open-data.js';

const USAGE = 'usage: npm run erase -- --code ABCD-EFGH-JK [--rewrite]';

runCli('erase', async () => {
  const { values } = parseArgs({
    options: { code: { type: 'string' }, rewrite: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
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
    const r = await eraseByCode({ store: data.store, notices, tombstones, reclaim: values.rewrite ? 'rewrite' : 'wait' }, code, 'operator');
    process.stdout.write(
      `erase: removed ${r.records} records, ${r.paused} paused conversations, ${r.conversations} conversation states, ${r.notices} flag notices\n`,
    );
    if (typeof r.reclaimed === 'object' && 'done' in r.reclaimed) {
      const { tables, rewrite, ms } = r.reclaimed.done;
      process.stdout.write(`erase: ${rewrite ? 'rewrote (VACUUM FULL)' : 'vacuumed'} ${tables.join(', ')} in ${ms} ms\n`);
    } else if (typeof r.reclaimed === 'object') {
      process.stdout.write(`erase: the erasure is done, but VACUUM failed (${r.reclaimed.failed}): run VACUUM on the tables named in docs/SECURITY.md\n`);
    } else if (values.rewrite) {
      process.stdout.write('erase: --rewrite is for PostgreSQL; this store keeps no copies of deleted data\n');
    }
    if (!r.sweptStates) process.stdout.write('erase: this store cannot list conversation states, so copies in unfinished chats were not looked for\n');
    return 0;
  } finally {
    await data.raw.close();
  }
});
