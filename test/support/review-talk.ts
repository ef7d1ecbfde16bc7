// Drives the pure review engine like a conversation: user(...) answers, says(...) checks what was shown.
import { expect } from '@jest/globals';
import { startReview, stepReview, type ReviewSource, type ReviewState } from '../../src/conversation/review.js';
import { loadReviewScript } from '../../src/conversation/review-script.js';
import type { Prompt } from '../../src/conversation/prompt.js';
import type { Effect, EngineSetup } from '../../src/conversation/setup.js';
import { promptWords } from './engine-talk.js';
import { engineSetup } from './setup.js';

const words = loadReviewScript('dialogs');
const ctx = { now: '2026-11-26T10:00:00.000Z', newCode: () => 'TEST-CODE-01' };

/** An earlier carer conversation with two areas to look back on: health (a priority) and money. */
const twoAreas: ReviewSource = {
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

export class ReviewTalk {
  state: ReviewState;
  prompts: Prompt[];
  effects: Effect[] = [];

  constructor(
    private setup: EngineSetup = engineSetup(['carer']),
    /** `code`: the reference code the person typed to start their own review ("review ABCD-EFGH-23"). */
    options: { askSharing?: boolean; source?: ReviewSource; code?: string } = {},
  ) {
    const started = startReview(this.setup, words, options.source ?? twoAreas, ctx, {
      channel: 'webchat',
      answeredBy: 'carer',
      askSharing: options.askSharing ?? true,
      code: options.code,
    });
    this.state = started.state;
    this.prompts = started.prompts;
  }

  user(text: string): this {
    const r = stepReview(this.setup, words, this.state, text, ctx);
    this.state = r.state;
    this.prompts = r.prompts;
    this.effects = r.effects;
    return this;
  }

  says(pattern: RegExp): this {
    expect(promptWords(this.prompts)).toMatch(pattern);
    return this;
  }

  doesNotSay(pattern: RegExp): this {
    expect(promptWords(this.prompts)).not.toMatch(pattern);
    return this;
  }

  isAt(kind: ReviewState['step']['kind'], item?: number): this {
    expect(this.state.step).toEqual(item === undefined ? { kind } : { kind, item });
    return this;
  }

  /** What is kept for an area, as it would go into the review record. */
  answer(outcomeId = 'health-and-wellbeing') {
    return this.state.answers[outcomeId] ?? {};
  }
}
