// npm run purge [-- --dry-run]
// Removes what is past the organisation's retention: records and paused conversations older than
// retentionDays, unfinished conversations older than unfinishedRetentionDays, and old flag notices.
// The bot also does this once a day by itself. Needs no key: dates are never encrypted.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrganisation } from '../config.js';
import { openFlagNotices } from '../privacy/flag-notices.js';
import { purgeExpired } from '../privacy/retention.js';
import { openTombstones } from '../privacy/tombstones.js';
import { sharedFlagNotices, sharedTombstones } from '../privacy/shared-privacy.js';
import { openCliData, runCli } from './open-data.js';

const USAGE = 'usage: npm run purge [-- --dry-run]';

runCli('purge', async () => {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const data = await openCliData();
  const org = loadOrganisation(path.resolve(data.env.ORGANISATION_FILE));
  try {
    // With PostgreSQL, the notices and erasure log every instance shares.
    const shared = data.raw.shared;
    const notices = shared ? sharedFlagNotices(shared) : await openFlagNotices(data.dataDir);
    const tombstones = shared ? sharedTombstones(shared) : await openTombstones(data.dataDir);
    const dryRun = values['dry-run'] === true;
    const r = await purgeExpired({ store: data.raw, notices, tombstones }, org, new Date(), { dryRun });
    const verb = dryRun ? 'would remove' : 'removed';
    process.stdout.write(
      `purge: ${verb} ${r.records} records, ${r.paused} paused conversations, ${r.conversations} unfinished conversations, ${r.notices} flag notices ` +
        `(retention ${org.retentionDays} days, unfinished ${Math.min(org.unfinishedRetentionDays, org.retentionDays)} days)\n`,
    );
    if (!r.sweptStates) process.stdout.write('purge: this store cannot list conversation states, so none were checked\n');
    // As after an erasure: what was removed must not wait in dead rows for autovacuum (docs/SECURITY.md).
    const removed = r.records + r.paused + r.conversations + r.notices;
    if (!dryRun && removed > 0 && data.raw.reclaimDeleted) {
      const v = await data.raw.reclaimDeleted();
      process.stdout.write(`purge: vacuumed ${v.tables.join(', ')} in ${v.ms} ms\n`);
    }
    return 0;
  } finally {
    await data.raw.close();
  }
});
