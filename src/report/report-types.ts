// The report as data: what `--format json` writes and what the HTML and the Teams card are drawn from.
// Every count has already passed the small-number rule; quotes are only from shared records.
import type { Quote } from './quotes.js';
import type { Count } from './small-numbers.js';

export type { Count, Quote };

export interface Row {
  key: string;
  label: string;
  count: Count;
  /** Of the breakdown's total, when both are shown. */
  percent?: number;
}

export interface Breakdown {
  total: Count;
  rows: Row[];
}

interface RatingRow {
  value: number;
  label: string;
  count: Count;
  /** Of the answers with a rating. */
  percent?: number;
}

export interface OutcomeFigures {
  id: string;
  label: string;
  group: string;
  groupTitle: string;
  /** Conversations that came to this outcome. */
  asked: Count;
  /** Answered with a rating: the n of the rating distribution. */
  answered: Count;
  declined: Count;
  notApplicable: Count;
  skipped: Count;
  ratings: RatingRow[];
  /** Chosen as one of the one or two things that matter most to work on. */
  priority: Count;
  priorityPercent?: number;
  /** "What would help" answers given for this outcome. */
  helpAnswers: Count;
  /** The person's own words about this outcome, with the rating they gave. */
  quotes: Quote[];
  change: {
    better: Count;
    same: Count;
    worse: Count;
    compared: Count;
    /** Own words from a later conversation. */
    quotes: Quote[];
  };
  review: {
    fully: Count;
    partly: Count;
    not: Count;
    total: Count;
    /** Why, in the person's words, with the review result as context. */
    quotes: Quote[];
  };
}

export interface ScriptFigures {
  id: string;
  title: string;
  conversations: Count;
  groups: { id: string; title: string }[];
  outcomes: OutcomeFigures[];
  /** People with two or more conversations (one of them in the period) whose ratings could be compared. */
  peopleCompared: Count;
}

interface ThemeFigures {
  id: string;
  label: string;
  /** The organisation's keywords for this theme, so anyone can see why an answer was counted. */
  keywords: string[];
  count: Count;
  /** Of all "what would help" answers. */
  percent?: number;
  quotes: Quote[];
}

export interface Report {
  kind: 'outcomes-report';
  version: 1;
  organisation: string;
  generatedAt: string;
  /** `chosenMonths`: no dates were given, so the report covers that many full months up to the last one. */
  period: { from?: string; to?: string; chosenMonths?: number; firstConversation?: string; lastConversation?: string };
  script?: string;
  threshold: number;
  sharedOnly: boolean;
  conversations: Count;
  people: Count;
  byScript: Breakdown;
  byMode: Breakdown;
  byChannel: Breakdown;
  byAnsweredBy: Breakdown;
  bySharing: Breakdown;
  /** "What matters to you", in people's own words. */
  whatMattersQuotes: Quote[];
  scripts: ScriptFigures[];
  themes: {
    answers: Count;
    themes: ThemeFigures[];
    unmatched: Count;
    /** Answers matching no theme, from shared records, for a person to read: each wording once, with the outcomes it was about. */
    unmatchedListed: { text: string; about: string[] }[];
    /** How many more unmatched answers from shared records were not listed. */
    unmatchedNotListed: number;
  };
  safety: {
    flagged: Count;
    categories: Row[];
    /** Follow-up status of the records someone should act on (shared or flagged). */
    followUp: Breakdown;
  };
  /** Records left out because their date could not be read. */
  unreadableDates: number;
}
