// The review engine, pure: each earlier outcome shown by its plain title with what was said then; yes / some of it / no,
// why, what next; a summary to check; the record links to the earlier one.
import { describe, expect, test } from '@jest/globals';
import { loadReviewScript } from '../../src/conversation/review-script.js';
import { reviewPrompts, startReview, stepReview, type ReviewSource, type ReviewState } from '../../src/conversation/review.js';
import type { Prompt } from '../../src/conversation/prompt.js';
import type { Effect } from '../../src/conversation/setup.js';
import { buildReviewRecord } from '../../src/records/review-record.js';
import { promptWords } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const words = loadReviewScript('dialogs');
const ctx = { now: '2026-11-26T10:00:00.000Z', newCode: () => 'TEST-CODE-01' };

const source: ReviewSource = {
  previousRecordId: 'ab-earlier',
  subjectRef: 'subject-review-test',
  scriptId: 'carer',
  date: '2026-05-01T10:00:00.000Z',
  items: [
    {
      outcomeId: 'health-and-wellbeing',
      label: 'Maintaining health and well-being',
      group: 'carer-life',
      groupTitle: 'Your own life',
      thenRating: 'Not very good',
      thenWords: 'Up three times a night',
      thenHelp: 'A night sitter',
      thenPriority: true,
    },
    { outcomeId: 'money', label: 'Freedom from financial hardship', group: 'carer-life', groupTitle: 'Your own life', thenRating: 'Okay', thenPriority: false },
  ],
};

class ReviewTalk {
  state: ReviewState;
  prompts: Prompt[];
  effects: Effect[] = [];
  constructor(
    private setup = engineSetup(['carer']),
    askSharing = true,
  ) {
    const started = startReview(this.setup, words, source, ctx, { channel: 'webchat', answeredBy: 'carer', askSharing });
    this.state = started.state;
    this.prompts = started.prompts;
  }
  says(pattern: RegExp): this {
    expect(promptWords(this.prompts)).toMatch(pattern);
    return this;
  }
  doesNotSay(pattern: RegExp): this {
    expect(promptWords(this.prompts)).not.toMatch(pattern);
    return this;
  }
  offers(...labels: string[]): this {
    expect(this.prompts.flatMap((p) => p.choices ?? []).map((c) => c.label)).toEqual(labels);
    return this;
  }
  user(text: string): this {
    const r = stepReview(this.setup, words, this.state, text, ctx);
    this.state = r.state;
    this.prompts = r.prompts;
    this.effects = r.effects;
    return this;
  }
}

describe('a review conversation', () => {
  test('shows what was said then, asks met / why / what next, and builds a linked review record', () => {
    const talk = new ReviewTalk()
      .says(/what you told us on 1 May 2026/)
      .says(/happy to go on/)
      .user('yes')
      .says(/Your health and sleep/)
      .doesNotSay(/Maintaining health and well-being/)
      .offers('Yes', 'Some of it', 'No')
      .says(/How it was going: Not very good/)
      .says(/In your words: Up three times a night/)
      .says(/What would help: A night sitter/)
      .says(/most important things to work on/)
      .says(/Has this happened the way you hoped/)
      .user('partly')
      .says(/Why do you think that is/)
      .user('The sitter comes once a fortnight')
      .says(/What more could be done/)
      .user('Weekly sitter, the carer centre could ask')
      .says(/Money/)
      .doesNotSay(/Freedom from financial hardship/)
      .says(/2 of 2/)
      .user('3')
      .user('Nothing to add')
      .user('skip')
      .says(/Here is your review/)
      .says(/Your health and sleep\nSome of it\n/)
      .says(/Money\nNo\n/)
      .doesNotSay(/Partly met|Not met|Maintaining health|financial hardship/)
      .user('Yes, this is right')
      .says(/keep this review private, or share it/)
      .user('Share it');
    expect(talk.effects).toEqual([{ kind: 'complete' }]);
    expect(talk.state.step.kind).toBe('done');
    const record = buildReviewRecord(talk.state, { id: 'ab-review', now: ctx.now, script: { id: 'carer', version: 1, locale: 'en-GB' } });
    expect(record).toMatchObject({ mode: 'review', previousRecordId: 'ab-earlier', subjectRef: 'subject-review-test', answeredBy: 'carer', sharing: 'shared' });
    expect(record.outcomes[0].review).toEqual({ met: 'partly', why: 'The sitter comes once a fortnight', next: 'Weekly sitter, the carer centre could ask' });
    expect(record.outcomes[1].review).toEqual({ met: 'not' });
    // The record keeps the published labels for staff, exports and the report.
    expect(record.outcomes.map((o) => o.label)).toEqual(['Maintaining health and well-being', 'Freedom from financial hardship']);
    expect(record.outcomes.every((o) => o.status === 'skipped' && !o.rating)).toBe(true);
  });

  test('back, change from the summary, help and stop', () => {
    const talk = new ReviewTalk()
      .user('yes')
      .user('back')
      .says(/happy to go on/)
      .user('yes')
      .user('help')
      .says(/Pick 'Yes' if it has happened, 'Some of it'/)
      .user('banana')
      .says(/I didn't catch that/)
      .user('fully met')
      .user('skip')
      .user('skip')
      .user('skip')
      .says(/Here is your review/)
      .user('change 1')
      .says(/Your health and sleep/)
      .says(/Has this happened/)
      .user('not met')
      .user('It stopped')
      .user('Nothing to add')
      .says(/Here is your review/)
      .says(/Your health and sleep\nNo\nIt stopped/);
    expect(talk.state.answers['health-and-wellbeing']).toEqual({ met: 'not', why: 'It stopped' });
    talk.user('stop').says(/keep what you've said/);
    expect(talk.effects).toEqual([]);
    talk.user('Delete it');
    expect(talk.effects).toEqual([{ kind: 'discard' }]);
    expect(talk.state.step.kind).toBe('ended');
  });

  test('a review held with a practitioner is shared without asking', () => {
    const talk = new ReviewTalk(engineSetup(['carer']), false).user('yes').user('fully').user('skip').user('skip').user('skip').user('yes');
    expect(talk.effects).toEqual([{ kind: 'complete' }]);
    expect(talk.state.sharing).toBe('shared');
  });

  test('a worrying answer is flagged first and the safety contacts are shown', () => {
    const setup = engineSetup(['carer'], { safeguarding: (text) => (/hurt myself/i.test(text) ? ['harm-to-self'] : []) });
    const talk = new ReviewTalk(setup).user('yes').user('not').user('Some days I want to hurt myself');
    expect(talk.effects).toEqual([{ kind: 'flag', categories: ['harm-to-self'] }]);
    expect(talk.prompts[0].card).toBe('safety');
    expect(talk.state.safeguarding?.categories).toEqual(['harm-to-self']);
    // The next question waits until the person says they want to carry on (test/safeguarding/review-safety.test.ts).
    expect(talk.state.step).toEqual({ kind: 'safety', stage: 'contact' });
    expect(talk.state.history.at(-1)).toEqual({ kind: 'next', item: 0 });
  });

  test('everyday answers to "has it happened?": aye, naw, some of it, and the old words still work', () => {
    const typed: [string, string][] = [
      ['aye', 'fully'],
      ['yes it has', 'fully'],
      ['fully', 'fully'],
      ['Fully met', 'fully'],
      ['some of it', 'partly'],
      ['partly', 'partly'],
      ['a wee bit', 'partly'],
      ['naw', 'not'],
      ['not met', 'not'],
      ['nope', 'not'],
    ];
    for (const [text, met] of typed) {
      const talk = new ReviewTalk().user('yes').user(text);
      expect([text, talk.state.answers['health-and-wellbeing']?.met]).toEqual([text, met]);
      talk.says(/Why do you think that is/);
    }
    new ReviewTalk()
      .user('yes')
      .user('banana')
      .says(/I didn't catch that/)
      .says(/"Yes", "Some of it", "No"/)
      .doesNotSay(/Last time you said/)
      .user('banana')
      .says(/still didn't get that/)
      .says(/1: Yes. 2: Some of it. 3: No/);
  });

  test('the change list names each outcome by its plain title', () => {
    new ReviewTalk()
      .user('yes')
      .user('skip')
      .user('skip')
      .says(/Here is your review/)
      .user('Change an answer')
      .offers('Your health and sleep', 'Money')
      .user('money')
      .says(/Has this happened/)
      .says(/Money/);
  });

  test('met is read from words, labels or numbers', () => {
    for (const [text, met] of [
      ['Fully met', 'fully'],
      ['a bit', 'partly'],
      ['3', 'not'],
    ] as const) {
      expect(new ReviewTalk().user('yes').user(text).state.answers['health-and-wellbeing']?.met).toBe(met);
    }
    new ReviewTalk()
      .user('yes')
      .user('banana')
      .says(/I didn't catch that/);
    const state = startReview(engineSetup(['carer']), words, source, ctx, { channel: 'webchat', answeredBy: 'person', askSharing: true }).state;
    expect(reviewPrompts(engineSetup(['carer']), words, state)[1].choices?.map((c) => c.label)).toEqual(["Yes, let's start", 'No, thank you']);
  });
});
