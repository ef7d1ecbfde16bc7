// Every practitioner card, expanded from its template with real wording, parses as Adaptive Card 1.5
// with no warnings and no placeholder left unfilled; its plain-text twin carries the same words.
import { describe, expect, test } from '@jest/globals';
import { loadOrganisation } from '../../src/config.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { Roster } from '../../src/practitioner/roster.js';
import { PractitionerViews, type PractitionerReply } from '../../src/practitioner/views.js';
import { loadPractitionerWording } from '../../src/practitioner/wording.js';
import { carerRecord, TEAMS_ORG } from './support/app.js';
import { MORAG } from './support/teams-talk.js';
import { cardProblems } from '../support/adaptive-card.js';

const org = loadOrganisation(TEAMS_ORG);
const scripts = loadScripts('dialogs', ['carer', 'adult']);
const views = new PractitionerViews(loadPractitionerWording('dialogs'), [...scripts.values()], new Roster(org.practitioners), 2000, {
  fully: 'Fully met',
  partly: 'Partly met',
  not: 'Not met',
});

const earlier = carerRecord({ subjectRef: 's-cards', ratings: { 0: 2, 1: 3 }, confirmedAt: '2026-01-10T10:00:00.000Z' });
const record = {
  ...carerRecord({ subjectRef: 's-cards', ratings: { 0: 4, 1: 1 }, words: { 1: 'Up [three](https://evil.example) times a night' }, flagged: true }),
  followUp: {
    status: 'in-progress' as const,
    assignee: MORAG,
    notes: [{ by: MORAG, at: '2026-11-21T09:00:00.000Z', text: 'Phoned' }],
    actions: [
      { id: 'a1', what: 'Refer to short breaks', who: 'Morag', byWhen: '2026-12-15', done: false, createdAt: '2026-11-21T09:00:00.000Z' },
      { id: 'a2', what: 'Send leaflet', who: 'Iain', done: true, createdAt: '2026-11-21T09:00:00.000Z' },
    ],
  },
};
const review = {
  ...carerRecord({ subjectRef: 's-cards', mode: 'review' }),
  previousRecordId: earlier.id,
  outcomes: earlier.outcomes.map((o, i) =>
    i === 0 ? { ...o, status: 'skipped' as const, rating: undefined, review: { met: 'partly' as const, why: 'Sometimes', next: 'More' } } : o,
  ),
};

const flagNotice = {
  id: '1a2b3c4d-0000-4000-8000-000000000001',
  conversationRef: 'ref',
  firstAt: '2026-11-25T21:00:00.000Z',
  lastAt: '2026-11-25T21:04:00.000Z',
  categories: ['domestic-abuse'],
  channel: 'webchat',
  script: 'carer',
  consented: true,
  step: 'what-matters',
};

const cards: [string, PractitionerReply][] = [
  ['help', views.help()],
  ['welcome', views.welcome('Morag Test')],
  ['queue', views.queue({ waiting: [record, earlier], waitingTotal: 12, mine: [], mineTotal: 0 })],
  [
    'queue with flags and no record',
    views.queue({
      waiting: [],
      waitingTotal: 0,
      mine: [earlier],
      mineTotal: 1,
      flags: [{ at: '2026-11-25T21:00:00.000Z', script: 'carer', channel: 'webchat', categories: ['harm-to-self'], ref: '1A2B-3C4D' }],
      flagsTotal: 7,
    }),
  ],
  ['record', views.record(record, [earlier])],
  [
    'safety flag with contact details',
    views.flag({
      ...flagNotice,
      contact: { method: 'phone', detail: '07700 900123 [call](https://evil.example)', when: 'weekday mornings' },
      sharing: 'private',
    }),
  ],
  ['safety flag with no answer about contact', views.flag(flagNotice)],
  ['record with nothing yet', views.record(earlier, [])],
  ['review record', views.record(review, [earlier])],
  ['question', views.ask('What is the action?', { multiline: true })],
  ['view form', views.viewForm({ ...record, mode: 'with-practitioner' }, scripts.get('carer')!.scales.going.options)],
  ['copy for the person', views.exportCopy(record)],
  ['script chooser', views.scriptChooser([...scripts.values()])],
  [
    'urgent notification',
    views.message({
      title: 'Urgent: record 1234-5678 is flagged',
      lines: ['Look now'],
      buttons: [{ title: 'Open', data: { pr: 'open', ref: '1234-5678' } }],
      urgent: true,
    }),
  ],
];

describe('practitioner cards', () => {
  test.each(cards)('%s parses as 1.5 with no warnings and nothing left unfilled', (_name, reply) => {
    expect(reply.card.version).toBe('1.5');
    expect(cardProblems(reply.card)).toEqual([]);
    expect(JSON.stringify(reply.card)).not.toMatch(/\$\{|"\$when"|"\$data"/);
    expect(reply.card.fallbackText).toBe(reply.text);
  });

  test("the person's own words are never read as markdown (they go in TextRuns)", () => {
    const json = JSON.stringify(views.record(record, []).card);
    expect(json).toMatch(/"type":"TextRun","text":"Up \[three\]\(https:\/\/evil.example\) times a night"/);
    expect(json).not.toMatch(/"type":"TextBlock","text":"[^"]*evil\.example/);
    const flag = JSON.stringify(cards.find(([name]) => name === 'safety flag with contact details')![1].card);
    expect(flag).toMatch(/"type":"TextRun","text":"By phone: 07700 900123 \[call\]\(https:\/\/evil.example\)"/);
    expect(flag).not.toMatch(/"type":"TextBlock","text":"[^"]*evil\.example/);
  });
});

describe('who answered', () => {
  test('family or a friend: the record says who they are to the person', () => {
    const forMum = { ...record, answeredBy: 'family-or-friend' as const, answeredFor: { relationship: 'mum' } };
    const reply = views.record(forMum, []);
    expect(reply.text).toContain('Answered by: Family or a friend, for the person (their son or daughter)');
    expect(JSON.stringify(reply.card)).toContain('Family or a friend, for the person (their son or daughter)');
    const forPartner = { ...forMum, answeredFor: { relationship: 'partner' } };
    expect(views.record(forPartner, []).text).toContain('Answered by: Family or a friend, for the person (their partner, husband or wife)');
  });

  test('without a relationship, or answered by the carer, it says who answered only', () => {
    expect(views.record({ ...record, answeredBy: 'family-or-friend' }, []).text).toMatch(/Answered by: Family or a friend, for the person\n/);
    expect(views.record({ ...record, answeredBy: 'family-or-friend', answeredFor: { relationship: 'someone-new' } }, []).text).toMatch(
      /Answered by: Family or a friend, for the person\n/,
    );
    expect(views.record(record, []).text).toMatch(/Answered by: The carer\n/);
  });
});

describe('outcome names on follow-up cards', () => {
  // The plain title people were shown (when the script has one), beside the label staff know, on every card alike.
  const carer = scripts.get('carer')!;
  const titled = { ...carer, outcomes: carer.outcomes.map((o, i) => (i === 1 ? { ...o, title: 'Getting enough sleep and rest' } : o)) };
  const withTitles = new PractitionerViews(loadPractitionerWording('dialogs'), [titled, scripts.get('adult')!], new Roster(org.practitioners), 2000);
  const label = carer.outcomes[1].label;

  test('the record, the view form and the copy for the person name an outcome the same way', () => {
    const held = { ...record, mode: 'with-practitioner' as const };
    expect(withTitles.record(record, []).text).toContain(`2. Getting enough sleep and rest (${label})`);
    expect(withTitles.viewForm(held, carer.scales.going.options).text).toContain(`2. Getting enough sleep and rest (${label}):`);
    // The person reads the title they were shown, not the framework's name.
    const copy = withTitles.exportCopy(record).text;
    expect(copy).toContain('2. Getting enough sleep and rest\n');
    expect(copy).not.toContain(label);
  });

  test('an outcome no longer in the script keeps its label', () => {
    const gone = { ...record, outcomes: record.outcomes.map((o, i) => (i === 1 ? { ...o, id: 'no-longer-asked' } : o)) };
    expect(views.record(gone, []).text).toContain(`2. ${label}\n`);
  });
});

describe('plain words, no internal ids', () => {
  test('channel and safety category read as words on the record and the queue', () => {
    const text = [
      views.record(record, []),
      views.queue({
        waiting: [],
        waitingTotal: 0,
        mine: [],
        mineTotal: 0,
        flags: [{ at: '2026-11-25T21:00:00.000Z', script: 'carer', channel: 'directline', categories: ['harm-from-others'], ref: '1A2B-3C4D' }],
      }),
    ]
      .map((r) => JSON.stringify(r.card))
      .join('\n');
    expect(text).toContain('web chat');
    expect(text).toContain('someone may be hurting them');
    expect(text).toMatch(/none of their words are kept/);
    expect(text).not.toMatch(/no record to open/);
    expect(text).not.toMatch(/webchat|directline|harm-from-others|harm-to-self/);
  });
});
