// A manager asks for the headline figures in Teams and gets the card; anyone else is told politely
// that only managers can see them. Real bot, real files, invented records.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { App } from '../../src/app.js';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { lastFullMonths, readFiguresPeriod } from '../../src/practitioner/figures-period.js';
import { cardProblems } from '../support/adaptive-card.js';
import { carerRecord, teamsApp } from './support/app.js';
import { MORAG, RAVI, teams } from './support/teams-talk.js';

/** Fiona is the invented roster's manager; the roster knows her by principal name only. */
const FIONA = 'fiona.test@example.invalid';
const FIONA_IN_TEAMS = '22222222-cccc-4000-8000-000000000003';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start() {
  const app = await teamsApp({}, { principalName: async () => FIONA });
  apps.push(app);
  return app;
}

async function audit(app: App): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of app.practitioners.audit.entries()) out.push(e);
  return out;
}

/** `count` invented carer conversations, each a different person, confirmed at `at`. */
async function conversations(app: App, count: number, at: string): Promise<void> {
  for (let i = 0; i < count; i++) await app.store.records.add(carerRecord({ confirmedAt: at, ratings: { 0: 4, 1: 2 } }));
}

/** The headline card is a good Adaptive Card 1.5, with a one-line fallback (its words are in the card, once). */
function aGoodCard(replies: Partial<Activity>[]): void {
  expect(replies).toHaveLength(1);
  const card = replies[0].attachments?.[0]?.content as Record<string, unknown>;
  expect(card.version).toBe('1.5');
  expect(cardProblems(card)).toEqual([]);
  expect(JSON.stringify(card)).not.toMatch(/\$\{|"\$when"|"\$data"/);
  expect(card.fallbackText).toBe(replies[0].summary);
  expect(replies[0].text).toBeUndefined();
}

const shown = (iso: string) => iso.split('-').reverse().join('/');

describe('headline figures in Teams', () => {
  test('a manager types "figures" and gets the last 3 full months as a card, and it is audited', async () => {
    const app = await start();
    const { from, to } = lastFullMonths(new Date());
    await conversations(app, 6, `${from}T12:00:00.000Z`);
    await conversations(app, 2, `${to}T12:00:00.000Z`);
    // Today is after the period: these do not count.
    await conversations(app, 3, new Date().toISOString());
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says('figures')
      .sees(/Outcomes report: headline figures/)
      .sees(new RegExp(`The last 3 full months: ${shown(from)} to ${shown(to)}`))
      .sees(/Conversations: 8/)
      .sees(/People: 8/)
      .sees(/Most often chosen to work on/)
      .check(aGoodCard);
    expect(await audit(app)).toEqual([expect.objectContaining({ who: FIONA, action: 'figures', record: '*', detail: `${from} to ${to}` })]);
  });

  test('a manager gives the first and last day, written 2026-01-01 or 1/1/2026', async () => {
    const app = await start();
    await conversations(app, 7, '2026-02-14T10:00:00.000Z');
    await conversations(app, 5, '2026-04-02T10:00:00.000Z');
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says('figures 2026-01-01 2026-03-31')
      .sees(/From 01\/01\/2026 to 31\/03\/2026/)
      .sees(/Conversations: 7/)
      .check(aGoodCard)
      .says('headline figures 1/1/2026 30/4/2026')
      .sees(/From 01\/01\/2026 to 30\/04\/2026/)
      .sees(/Conversations: 12/)
      .says('figures 2026-04-01 2026-04-30')
      .sees(/Conversations: 5/);
    expect((await audit(app)).map((e) => e.detail)).toEqual(['2026-01-01 to 2026-03-31', '2026-01-01 to 2026-04-30', '2026-04-01 to 2026-04-30']);
  });

  test('small numbers stay hidden on the card', async () => {
    const app = await start();
    await conversations(app, 3, '2026-02-14T10:00:00.000Z');
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says('figures 2026-01-01 2026-03-31')
      .sees(/Conversations: fewer than 5/)
      .check(aGoodCard);
  });

  test('a practitioner who is not a manager is told politely, and sees no figures', async () => {
    const app = await start();
    await conversations(app, 6, '2026-02-14T10:00:00.000Z');
    await teams(app.bot, { aadObjectId: MORAG })
      .says('figures')
      .sees(/Sorry, only managers can see the figures/)
      .doesNotSee(/Conversations:/)
      .says('figures 2026-01-01 2026-03-31')
      .sees(/only managers can see the figures/)
      .submits({ pr: 'figures', from: '2026-01-01', to: '2026-03-31' })
      .sees(/only managers can see the figures/);
    await teams(app.bot, { aadObjectId: RAVI })
      .says('figures')
      .sees(/only managers can see the figures/);
    expect(await audit(app)).toEqual([]);
  });

  test('a date the bot cannot read gets a plain message saying how to write it', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .says('figures 2026-13-01 2026-03-31')
      .sees(/I couldn't read those dates/)
      .sees(/like 'figures 2026-01-01 2026-03-31'/)
      .doesNotSee(/Conversations:/)
      .says('figures last year')
      .sees(/I couldn't read those dates/)
      .says('figures 2026-01-01')
      .sees(/Type the first day and then the last day/)
      .says('figures 31/03/2026 01/01/2026')
      .sees(/The first date is after the last one/);
    expect(await audit(app)).toEqual([]);
  });

  test('the same from a card button; a card with something odd in it gets a clear message', async () => {
    const app = await start();
    await conversations(app, 5, '2026-03-01T10:00:00.000Z');
    await teams(app.bot, { aadObjectId: FIONA_IN_TEAMS })
      .submits({ pr: 'figures', from: '2026-03-01', to: '2026-03-31' })
      .sees(/From 01\/03\/2026 to 31\/03\/2026/)
      .sees(/Conversations: 5/)
      .submits({ pr: 'figures', from: 'x'.repeat(50) })
      .sees(/That didn't work: from is too long/);
  });

  test('help tells practitioners about figures', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG })
      .says('help')
      .sees(/figures/)
      .sees(/Managers only/);
  });
});

describe('which days "figures" covers', () => {
  test('the last 3 full months before today in Scotland', () => {
    expect(lastFullMonths(new Date('2026-01-15T12:00:00Z'))).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    // 23:30 on 30 April in UTC is already 1 May in Scotland (summer time), so April is a full month.
    expect(lastFullMonths(new Date('2026-04-30T23:30:00Z'))).toEqual({ from: '2026-02-01', to: '2026-04-30' });
    expect(lastFullMonths(new Date('2026-03-31T22:30:00Z'))).toEqual({ from: '2025-12-01', to: '2026-02-28' });
  });

  test('two dates, either way they are written; anything else is a problem to explain', () => {
    const now = new Date('2026-05-10T09:00:00Z');
    expect(readFiguresPeriod([], now)).toEqual({ ok: true, from: '2026-02-01', to: '2026-04-30', chosen: true });
    expect(readFiguresPeriod(['2026-01-01', '31/03/2026'], now)).toEqual({ ok: true, from: '2026-01-01', to: '2026-03-31', chosen: false });
    expect(readFiguresPeriod(['2026-02-30', '2026-03-31'], now)).toEqual({ ok: false, problem: 'format' });
    expect(readFiguresPeriod(['2026-01-01'], now)).toEqual({ ok: false, problem: 'format' });
    expect(readFiguresPeriod(['2026-03-31', '2026-01-01'], now)).toEqual({ ok: false, problem: 'order' });
  });
});
