// The single pass over the records: raw counts and candidate quotes, nothing hidden yet (present.ts
// applies the small-number rule). Built for 100,000 records in well under a second: one loop, map
// increments, typed arrays for change over time, and quotes ranked by a hash instead of sorted.
import type { Script } from '../conversation/script.js';
import { scaleFor } from '../conversation/script.js';
import type { OutcomeAnswer, OutcomeRecord } from '../records/record.js';
import {
  ANSWER_WIDTH,
  ANSWERED_BY,
  FOLLOW_UP,
  MET,
  MODES,
  P,
  R,
  STATUSES,
  W,
  packed,
  packedValue,
  toReportBatch,
  type OutcomeLabel,
  type ReportBatch,
} from '../records/report-rows.js';
import { periodBounds } from './period.js';
import { LowestRanked, readable, type Quote } from './quotes.js';
import { hashString, mix32 } from './random.js';
import { SubjectPool } from './subject-pool.js';
import type { ThemeMatcher } from './themes.js';

export interface AggregateOptions {
  /** Inclusive dates (YYYY-MM-DD, days in Scotland) on which a conversation was confirmed. */
  from?: string;
  to?: string;
  /** Only this script's conversations. */
  script?: string;
  themes: ThemeMatcher;
  /** The scripts the records came from: their order, titles and scales. Records of other scripts still count. */
  scripts?: ReadonlyMap<string, Script>;
  seed: number;
  /** How many quote candidates to keep per figure (more than shown, so duplicates can be dropped). */
  candidates: number;
  /** How many unmatched "what would help" answers to keep for a person to read. */
  unmatchedLimit: number;
  /** Count only records shared with the organisation. */
  sharedOnly: boolean;
}

type ReviewMet = (typeof MET)[number];
export { MET };

const ANSWERED = STATUSES.indexOf('answered');
const DECLINED = STATUSES.indexOf('declined');
const NOT_APPLICABLE = STATUSES.indexOf('not-applicable');

export interface OutcomeTally {
  id: string;
  label: string;
  group: string;
  groupTitle: string;
  index: number;
  asked: number;
  answered: number;
  declined: number;
  notApplicable: number;
  skipped: number;
  priority: number;
  helpAnswers: number;
  /** Count of answers by rating value. */
  values: Map<number, number>;
  /** Label of each rating value: from the script's scale first, else as the records say. */
  valueLabels: Map<number, string>;
  met: Record<ReviewMet, number>;
  better: number;
  same: number;
  worse: number;
  ownWords: LowestRanked<Quote>;
  laterWords: LowestRanked<Quote>;
  reviewWords: LowestRanked<Quote>;
  salt: number;
}

export interface ScriptTally {
  id: string;
  title: string;
  conversations: number;
  groups: { id: string; title: string }[];
  outcomes: OutcomeTally[];
  byId: Map<string, OutcomeTally>;
  pool: SubjectPool;
  /** People with two or more conversations, at least one of them in the period. */
  peopleCompared: number;
}

export interface ThemeTally {
  answers: number;
  counts: number[];
  quotes: LowestRanked<Quote>[];
  unmatched: number;
  unmatchedListed: LowestRanked<Quote>;
}

export interface Tally {
  conversations: number;
  people: number;
  byScript: Map<string, number>;
  byMode: Map<string, number>;
  byChannel: Map<string, number>;
  byAnsweredBy: Map<string, number>;
  bySharing: Map<string, number>;
  whatMatters: LowestRanked<Quote>;
  scripts: Map<string, ScriptTally>;
  themes: ThemeTally;
  flagged: number;
  flagCategories: Map<string, number>;
  /** Follow-up status of records someone should act on: shared or flagged. */
  followUp: Map<string, number>;
  /** Records left out because their confirmed time could not be read. */
  unreadableDates: number;
  /** First and last confirmed instants seen in the period (for open-ended reports). */
  firstAt: number;
  lastAt: number;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** Records, or a store that can hand over report rows itself (the embedded store keeps them ready). */
export type ReportInput = AsyncIterable<OutcomeRecord> | Iterable<OutcomeRecord> | ReportRowSource;

export interface ReportRowSource {
  reportBatches(): AsyncIterable<ReportBatch>;
}

const RECORDS_PER_BATCH = 512;

/** Every batch of the input; records are turned into rows a few hundred at a time. */
async function forEachBatch(input: ReportInput, fn: (batch: ReportBatch) => void): Promise<void> {
  if ('reportBatches' in input && typeof input.reportBatches === 'function') {
    for await (const batch of input.reportBatches()) fn(batch);
    return;
  }
  let pending: OutcomeRecord[] = [];
  const take = (record: OutcomeRecord) => {
    pending.push(record);
    if (pending.length === RECORDS_PER_BATCH) {
      fn(toReportBatch(pending));
      pending = [];
    }
  };
  if (Symbol.iterator in input) for (const record of input as Iterable<OutcomeRecord>) take(record);
  else for await (const record of input as AsyncIterable<OutcomeRecord>) take(record);
  if (pending.length > 0) fn(toReportBatch(pending));
}

export function newOutcome(a: Pick<OutcomeAnswer, 'id' | 'label' | 'group' | 'groupTitle'>, index: number, candidates: number): OutcomeTally {
  return {
    id: a.id,
    label: a.label,
    group: a.group,
    groupTitle: a.groupTitle,
    index,
    asked: 0,
    answered: 0,
    declined: 0,
    notApplicable: 0,
    skipped: 0,
    priority: 0,
    helpAnswers: 0,
    values: new Map(),
    valueLabels: new Map(),
    met: { fully: 0, partly: 0, not: 0 },
    better: 0,
    same: 0,
    worse: 0,
    ownWords: new LowestRanked(candidates),
    laterWords: new LowestRanked(candidates),
    reviewWords: new LowestRanked(candidates),
    // From the outcome's id, not its position: the same quotes whichever thread or order counted it.
    salt: hashString(a.id, 17),
  };
}

export function newScript(id: string, script: Script | undefined, candidates: number): ScriptTally {
  const tally: ScriptTally = {
    id,
    title: script?.title ?? id,
    conversations: 0,
    groups: script ? script.groups.map((g) => ({ id: g.id, title: g.title })) : [],
    outcomes: [],
    byId: new Map(),
    pool: new SubjectPool((script?.outcomes.length ?? 0) + 4),
    peopleCompared: 0,
  };
  for (const o of script?.outcomes ?? []) {
    const groupTitle = script?.groups.find((g) => g.id === o.group)?.title ?? o.group;
    const outcome = newOutcome({ id: o.id, label: o.label, group: o.group, groupTitle }, tally.outcomes.length, candidates);
    if (script) for (const option of scaleFor(script, o).options) outcome.valueLabels.set(option.value, option.label);
    tally.outcomes.push(outcome);
    tally.byId.set(o.id, outcome);
  }
  return tally;
}

/** A number an answer gives in `words` (a rating too large to pack), if any. Rare: a linear look is fine. */
function wordOf(words: (number | string)[], answer: number, kind: number): number | undefined {
  for (let i = 0; i < words.length; i += 2) if (words[i] === answer * 8 + kind) return words[i + 1] as number;
  return undefined;
}

/** The tally of an outcome as a record labels it: by id, or new for an outcome the script no longer has. */
function outcomeOf(tally: ScriptTally, [id, label, group, groupTitle]: OutcomeLabel, candidates: number): OutcomeTally {
  let outcome = tally.byId.get(id);
  if (!outcome) {
    // An outcome the current script no longer has (an older version): counted under its recorded label.
    outcome = newOutcome({ id, label, group, groupTitle }, tally.outcomes.length, candidates);
    tally.outcomes.push(outcome);
    tally.byId.set(id, outcome);
    if (!tally.groups.some((g) => g.id === group)) tally.groups.push({ id: group, title: groupTitle });
  }
  return outcome;
}

export function newTally(themeCount: number, candidates: number, unmatchedLimit: number): Tally {
  return {
    conversations: 0,
    people: 0,
    byScript: new Map(),
    byMode: new Map(),
    byChannel: new Map(),
    byAnsweredBy: new Map(),
    bySharing: new Map(),
    whatMatters: new LowestRanked(candidates),
    scripts: new Map(),
    themes: {
      answers: 0,
      counts: new Array<number>(themeCount).fill(0),
      quotes: Array.from({ length: themeCount }, () => new LowestRanked<Quote>(candidates)),
      unmatched: 0,
      unmatchedListed: new LowestRanked(unmatchedLimit),
    },
    flagged: 0,
    flagCategories: new Map(),
    followUp: new Map(),
    unreadableDates: 0,
    firstAt: Infinity,
    lastAt: -Infinity,
  };
}

export async function aggregate(input: ReportInput, options: AggregateOptions): Promise<Tally> {
  const { start, end } = periodBounds(options.from, options.to);
  const { candidates, seed, themes: matcher } = options;
  const themeCount = matcher.themes.length;
  const tally = newTally(themeCount, candidates, options.unmatchedLimit);
  const people = new Set<string>();
  for (const [id, script] of options.scripts ?? []) {
    if (options.script === undefined || options.script === id) tally.scripts.set(id, newScript(id, script, candidates));
  }

  await forEachBatch(input, ({ outcomes: labels, ratingLabels, rows }) => {
    // Per script, each of this batch's outcome labels resolved to its tally once.
    const tallies = new Map<string, (OutcomeTally | undefined)[]>();
    for (const row of rows) {
      const scriptId = row[R.script];
      if (options.script !== undefined && scriptId !== options.script) continue;
      const shared = row[R.shared] === 1;
      if (options.sharedOnly && !shared) continue;
      const at = row[R.confirmedAt];
      if (at === null) {
        tally.unreadableDates += 1;
        continue;
      }
      if (at >= end) continue;
      const inPeriod = at >= start;

      let script = tally.scripts.get(scriptId);
      if (!script) {
        script = newScript(scriptId, options.scripts?.get(scriptId), candidates);
        tally.scripts.set(scriptId, script);
      }
      let byLabel = tallies.get(scriptId);
      if (!byLabel) tallies.set(scriptId, (byLabel = []));
      const answers = row[R.answers];
      const words = row[R.words];
      // Every earlier conversation counts as a starting point for change, even one before the period.
      const pool = script.pool;
      const slot = pool.slotFor(row[R.subjectRef], inPeriod);
      if (!inPeriod) {
        for (let i = 0, base = 0; base < answers.length; i++, base += ANSWER_WIDTH) {
          if (packed(answers, base + P.status) !== ANSWERED) continue;
          const value = packedValue(answers, base + P.value) ?? wordOf(words, i, W.value);
          if (value !== undefined) {
            const label = packed(answers, base + P.outcome);
            const outcome = (byLabel[label] ??= outcomeOf(script, labels[label], candidates));
            pool.rate(slot, outcome.index, at, value, packedValue(answers, base + P.max) ?? wordOf(words, i, W.max) ?? value);
          }
        }
        continue;
      }

      tally.conversations += 1;
      script.conversations += 1;
      if (at < tally.firstAt) tally.firstAt = at;
      if (at > tally.lastAt) tally.lastAt = at;
      people.add(row[R.subjectRef]);
      const answeredBy = ANSWERED_BY[row[R.answeredBy]];
      bump(tally.byScript, scriptId);
      bump(tally.byMode, MODES[row[R.mode]]);
      bump(tally.byChannel, row[R.channel]);
      bump(tally.byAnsweredBy, answeredBy);
      bump(tally.bySharing, shared ? 'shared' : 'private');

      const categories = row[R.flagged];
      const flagged = categories !== 0;
      if (flagged) {
        tally.flagged += 1;
        for (const category of categories) bump(tally.flagCategories, category);
      }
      if (flagged || shared) bump(tally.followUp, FOLLOW_UP[row[R.followUp]]);

      // Quotes only from records shared with the organisation, in the person's own words, and never
      // from a record flagged for safety: a disclosure of harm is not a "representative" quote.
      const quoteSource = shared && !flagged && answeredBy !== 'practitioner-on-behalf';
      const recordRank = quoteSource ? hashString(row[R.id], seed) : 0;
      const whatMatters = row[R.whatMatters] ?? undefined;
      if (quoteSource && readable(whatMatters)) {
        const rank = mix32(recordRank ^ 0x5bd1e995);
        if (tally.whatMatters.accepts(rank)) tally.whatMatters.insert(rank, { text: whatMatters });
      }
      const later = row[R.later] === 1 || MODES[row[R.mode]] === 'review';

      // The words come in answer order: `next` walks them beside the answers.
      let next = 0;
      for (let i = 0, base = 0; base < answers.length; i++, base += ANSWER_WIDTH) {
        let ownWords: string | undefined;
        let help: string | undefined;
        let why: string | undefined;
        let value = packedValue(answers, base + P.value);
        let max = packedValue(answers, base + P.max);
        for (; next < words.length && (words[next] as number) >> 3 === i; next += 2) {
          const word = words[next + 1];
          switch ((words[next] as number) & 7) {
            case W.ownWords:
              ownWords = word as string;
              break;
            case W.whatWouldHelp:
              help = word as string;
              break;
            case W.why:
              why = word as string;
              break;
            case W.value:
              value = word as number;
              break;
            case W.max:
              max = word as number;
              break;
          }
        }
        const label = packed(answers, base + P.outcome);
        const outcome = (byLabel[label] ??= outcomeOf(script, labels[label], candidates));
        outcome.asked += 1;
        const status = packed(answers, base + P.status);
        const ratingLabel = packed(answers, base + P.ratingLabel);
        const context = ratingLabel === 0 ? undefined : ratingLabels[ratingLabel - 1];
        if (status === ANSWERED && value !== undefined) {
          outcome.answered += 1;
          pool.rate(slot, outcome.index, at, value, max ?? value);
          outcome.values.set(value, (outcome.values.get(value) ?? 0) + 1);
          if (!outcome.valueLabels.has(value) && context !== undefined) outcome.valueLabels.set(value, context);
        } else if (status === DECLINED) outcome.declined += 1;
        else if (status === NOT_APPLICABLE) outcome.notApplicable += 1;
        else outcome.skipped += 1;
        if (packed(answers, base + P.priority) === 1) outcome.priority += 1;

        if (quoteSource && readable(ownWords)) {
          const rank = mix32(recordRank ^ outcome.salt);
          if (outcome.ownWords.accepts(rank)) outcome.ownWords.insert(rank, { text: ownWords, context });
          if (later && outcome.laterWords.accepts(rank)) outcome.laterWords.insert(rank, { text: ownWords, context });
        }

        const metIndex = packed(answers, base + P.met);
        if (metIndex !== 0) {
          const met = MET[metIndex - 1];
          outcome.met[met] += 1;
          if (quoteSource && readable(why)) {
            const rank = mix32(recordRank ^ outcome.salt ^ 0x27d4eb2f);
            if (outcome.reviewWords.accepts(rank)) outcome.reviewWords.insert(rank, { text: why, context: met });
          }
        }

        if (help !== undefined && help.trim() !== '') {
          outcome.helpAnswers += 1;
          const themes = tally.themes;
          themes.answers += 1;
          let mask = matcher.match(help);
          const rank = mix32(recordRank ^ outcome.salt ^ 0x165667b1);
          if (mask === 0) {
            themes.unmatched += 1;
            if (quoteSource && themes.unmatchedListed.accepts(rank)) themes.unmatchedListed.insert(rank, { text: help, context: outcome.label });
          }
          while (mask !== 0) {
            const bit = mask & -mask;
            const i = 31 - Math.clz32(bit);
            mask ^= bit;
            themes.counts[i] += 1;
            if (quoteSource && readable(help) && themes.quotes[i].accepts(rank)) themes.quotes[i].insert(rank, { text: help, context: outcome.label });
          }
        }
      }
    }
  });

  tally.people = people.size;
  for (const script of tally.scripts.values()) {
    script.peopleCompared = script.pool.compare((index, change) => {
      const outcome = script.outcomes[index];
      if (outcome) outcome[change] += 1;
    });
  }
  return tally;
}
