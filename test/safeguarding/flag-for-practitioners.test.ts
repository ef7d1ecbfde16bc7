// A flag practitioners can act on (issue 13, item 2): a person who said something about their safety gives a
// number and a safe time to call, then stops. The practitioner opens the flag from the queue and sees when,
// which kind, the number, the safe time and whether it was shared; never "no record to open". Opening it is
// audited. The number and time are sealed at rest with DATA_KEYS. On the file store and on PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { App } from '../../src/app.js';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { talk } from '../support/bot-talk.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { carerRecord, teamsApp } from '../teams/support/app.js';
import { MORAG, RAVI, teams } from '../teams/support/teams-talk.js';

const DATA_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const NUMBER = '07700 900123';
const SAFE_TIME = 'weekday mornings when he is at day care';

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Everything the store holds as it lies at rest: the files, or the database's documents. */
async function atRest(app: App & { dataDir: string }, store: string): Promise<string> {
  if (store === 'files')
    return filesUnder(app.dataDir)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(`SELECT value::text AS value FROM keyed_documents`);
    return rows.map((r) => r.value).join('\n');
  } finally {
    await client.end();
  }
}

async function audit(app: App): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of app.practitioners.audit.entries()) out.push(e);
  return out;
}

async function start(store: string) {
  const app = await teamsApp({ DATA_KEYS, ...(store === 'postgres' ? { DATABASE_URL: db.url } : {}) });
  apps.push(app);
  return app;
}

describe.each(['files', 'postgres'])('a flag on the %s store', (store) => {
  test('she gives a number and a safe time, then stops: the practitioner opens the flag and sees them', async () => {
    const app = await start(store);
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user('I look after someone')
      .user('yes')
      .user('My partner hits me when he has been drinking')
      .botSays(/Nobody should hurt you/)
      .botSays(/get in touch with you\?/)
      .user('Yes, by phone')
      .botSays(/What number should they call\?/)
      .user(NUMBER)
      .botSays(/When is it safe to call you\?/)
      .user(SAFE_TIME)
      .botSays(/Would you like to carry on with our chat\?/)
      .user('carry on')
      .user('stop')
      .user('delete it')
      .botSays(/Before you go/);

    // Deleted: the goodbye promised no call, so the flag keeps no number.
    const [deleted] = await app.privacy.notices.list();
    expect(deleted.contact).toBeUndefined();

    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user('I look after someone')
      .user('yes')
      .user('My partner hits me when he has been drinking')
      .user('Yes, by phone')
      .user(NUMBER)
      .user(SAFE_TIME)
      .user('stop')
      .botSays(/Before you go: what you told us about your safety has been passed to/)
      .botSays(/will get in touch on 07700 900123/);

    const notices = await app.privacy.notices.list();
    expect(notices).toHaveLength(2);
    const kept = notices.find((n) => n.contact)!;
    expect(kept.contact).toEqual({ method: 'phone', detail: NUMBER, when: SAFE_TIME });
    const ref = shortRef(kept.id);

    const morag = teams(app.bot, { aadObjectId: MORAG });
    await morag
      .says('queue')
      .sees(/Flagged for safety, not finished \(2\)/)
      .doesNotSee(/no record to open|no way to reach/)
      .says(`open ${ref}`)
      .sees(new RegExp(`Safety flag ${ref}`))
      .sees(/What was flagged: someone may be hurting them; a partner or ex may be hurting them/)
      .sees(/When: \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/)
      .sees(/Where: What matters to you: for carers, in web chat/)
      .sees(/Shared: Not answered: they stopped before the question about sharing/)
      .sees(/May we get in touch: By phone: 07700 900123/)
      .sees(/Safe times to call: weekday mornings when he is at day care/)
      .doesNotSee(/hits me|drinking/)
      .doesNotSee(/no record to open/);

    // Opening it is audited, naming the practitioner and the flag.
    expect(await audit(app)).toContainEqual(expect.objectContaining({ who: MORAG, action: 'open-flag', record: kept.id }));

    // Another team's practitioner cannot open it.
    await teams(app.bot, { aadObjectId: RAVI })
      .says(`open ${ref}`)
      .doesNotSee(/07700/)
      .sees(/I can't find/);

    // Sealed at rest: neither the number nor the safe time is stored in the clear.
    const stored = await atRest(app, store);
    expect(stored).not.toContain('900123');
    expect(stored).not.toContain('day care');
  }, 60_000);
});

describe('a flagged record', () => {
  test('opening it shows how and when they said someone may get in touch after the safety message', async () => {
    const app = await start('files');
    const record = carerRecord({ flagged: true, sharing: 'private' });
    await app.store.records.add(record);
    await app.privacy.notices.flagged({
      conversationId: 'finished-chat',
      at: record.confirmedAt,
      categories: ['harm-to-self'],
      channel: 'webchat',
      consented: true,
      step: 'what-matters',
    });
    await app.privacy.notices.update('finished-chat', { contact: { method: 'phone', detail: '07700 900456', when: 'after 6 in the evening' } });
    await app.privacy.notices.link('finished-chat', { recordId: record.id });
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`open ${shortRef(record.id)}`)
      .sees(/Flagged for safety: they may harm themselves/)
      .sees(/May we get in touch: By phone: 07700 900456\. Safe times to call: after 6 in the evening/);
  }, 30_000);
});

describe("who reads the words that were flagged follows the organisation's policy, and each opening is audited", () => {
  const FIONA = 'fiona.test@example.invalid';
  const FIONA_IN_TEAMS = '22222222-cccc-4000-8000-000000000003';
  const WORDS = 'My partner hits me when he has been drinking';

  async function flagged(env: Record<string, string>) {
    const app = await teamsApp({ DATA_KEYS, ...env }, { principalName: () => Promise.resolve(FIONA) });
    apps.push(app);
    await talk(app.bot, { channelId: 'webchat' }).joins().user('I look after someone').user('yes').user(WORDS).user('no thanks').user('stop');
    const [notice] = await app.privacy.notices.list();
    return { app, ref: shortRef(notice.id), id: notice.id };
  }

  test('by default nobody: the words are not kept, and the opening is audited without them', async () => {
    const { app, ref, id } = await flagged({});
    expect((await app.privacy.notices.list())[0].words).toBeUndefined();
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says(`open ${ref}`)
      .sees(/What was flagged/)
      .doesNotSee(/hits me/);
    expect(await audit(app)).toEqual([expect.objectContaining({ who: FIONA, action: 'open-flag', record: id })]);
    expect((await audit(app))[0].detail).toBeUndefined();
  }, 30_000);

  test('managers only: a manager reads them (audited as shown), a practitioner does not; sealed at rest', async () => {
    const { app, ref, id } = await flagged({ ORGANISATION_FILE: 'test/teams/organisation.teams-words.yaml' });
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`open ${ref}`)
      .sees(/What was flagged/)
      .doesNotSee(/hits me/);
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says(`open ${ref}`)
      .sees(new RegExp(`What they typed: ${WORDS}`));
    expect(await audit(app)).toEqual([
      expect.objectContaining({ who: MORAG, action: 'open-flag', record: id }),
      expect.objectContaining({ who: FIONA, action: 'open-flag', record: id, detail: 'words shown' }),
    ]);
    expect((await audit(app))[0].detail).toBeUndefined();
    expect(await atRest(app, 'files')).not.toContain('has been drinking');
  }, 30_000);
});
