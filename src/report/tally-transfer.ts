// Tallies made on worker threads, each over part of the store, sent back as plain data and added up.
// A person's records all live in one shard (record ids start with their subject's shard), and a part
// is a set of whole shards, so people, and change over time for each person, never span two parts:
// their counts simply add up. Quotes keep the k lowest ranks of all parts, as one pass would.
import type { OutcomeTally, ScriptTally, Tally, ThemeTally } from './aggregate.js';
import { newOutcome, newScript, newTally } from './aggregate.js';
import type { Script } from '../conversation/script.js';
import type { Quote, RankedSnapshot } from './quotes.js';

type Ranked = RankedSnapshot<Quote>;

interface SentOutcome extends Omit<OutcomeTally, 'ownWords' | 'laterWords' | 'reviewWords'> {
  ownWords: Ranked;
  laterWords: Ranked;
  reviewWords: Ranked;
}

interface SentScript extends Omit<ScriptTally, 'outcomes' | 'byId' | 'pool'> {
  outcomes: SentOutcome[];
}

export interface SentTally extends Omit<Tally, 'whatMatters' | 'scripts' | 'themes'> {
  whatMatters: Ranked;
  scripts: SentScript[];
  themes: Omit<ThemeTally, 'quotes' | 'unmatchedListed'> & { quotes: Ranked[]; unmatchedListed: Ranked };
}

/** A finished tally as plain data (no classes), for postMessage. */
export function sendableTally(tally: Tally): SentTally {
  return {
    ...tally,
    whatMatters: tally.whatMatters.snapshot(),
    scripts: [...tally.scripts.values()].map(({ byId: _byId, pool: _pool, outcomes, ...script }) => ({
      ...script,
      outcomes: outcomes.map((o) => ({ ...o, ownWords: o.ownWords.snapshot(), laterWords: o.laterWords.snapshot(), reviewWords: o.reviewWords.snapshot() })),
    })),
    themes: { ...tally.themes, quotes: tally.themes.quotes.map((q) => q.snapshot()), unmatchedListed: tally.themes.unmatchedListed.snapshot() },
  };
}

const addCounts = (into: Map<string, number>, from: Map<string, number>): void => {
  for (const [key, n] of from) into.set(key, (into.get(key) ?? 0) + n);
};

function addOutcome(into: OutcomeTally, from: SentOutcome): void {
  for (const key of ['asked', 'answered', 'declined', 'notApplicable', 'skipped', 'priority', 'helpAnswers', 'better', 'same', 'worse'] as const) {
    into[key] += from[key];
  }
  for (const [value, n] of from.values) into.values.set(value, (into.values.get(value) ?? 0) + n);
  for (const [value, label] of from.valueLabels) if (!into.valueLabels.has(value)) into.valueLabels.set(value, label);
  for (const met of ['fully', 'partly', 'not'] as const) into.met[met] += from.met[met];
  into.ownWords.absorb(from.ownWords);
  into.laterWords.absorb(from.laterWords);
  into.reviewWords.absorb(from.reviewWords);
}

function addScript(into: ScriptTally, from: SentScript, candidates: number): void {
  into.conversations += from.conversations;
  into.peopleCompared += from.peopleCompared;
  for (const group of from.groups) if (!into.groups.some((g) => g.id === group.id)) into.groups.push(group);
  for (const sent of from.outcomes) {
    let outcome = into.byId.get(sent.id);
    if (!outcome) {
      outcome = newOutcome(sent, into.outcomes.length, candidates);
      into.outcomes.push(outcome);
      into.byId.set(sent.id, outcome);
    }
    addOutcome(outcome, sent);
  }
}

/** The parts added up into one tally, as one pass over every record would have made it. */
export function mergeTallies(
  parts: SentTally[],
  options: { themes: number; candidates: number; unmatchedLimit: number; scripts?: ReadonlyMap<string, Script>; script?: string },
): Tally {
  const tally = newTally(options.themes, options.candidates, options.unmatchedLimit);
  for (const [id, script] of options.scripts ?? []) {
    if (options.script === undefined || options.script === id) tally.scripts.set(id, newScript(id, script, options.candidates));
  }
  for (const part of parts) {
    tally.conversations += part.conversations;
    tally.people += part.people;
    addCounts(tally.byScript, part.byScript);
    addCounts(tally.byMode, part.byMode);
    addCounts(tally.byChannel, part.byChannel);
    addCounts(tally.byAnsweredBy, part.byAnsweredBy);
    addCounts(tally.bySharing, part.bySharing);
    addCounts(tally.flagCategories, part.flagCategories);
    addCounts(tally.followUp, part.followUp);
    tally.whatMatters.absorb(part.whatMatters);
    tally.flagged += part.flagged;
    tally.unreadableDates += part.unreadableDates;
    tally.firstAt = Math.min(tally.firstAt, part.firstAt);
    tally.lastAt = Math.max(tally.lastAt, part.lastAt);
    for (const sent of part.scripts) {
      let script = tally.scripts.get(sent.id);
      if (!script) {
        script = newScript(sent.id, options.scripts?.get(sent.id), options.candidates);
        tally.scripts.set(sent.id, script);
      }
      addScript(script, sent, options.candidates);
    }
    const themes = tally.themes;
    themes.answers += part.themes.answers;
    themes.unmatched += part.themes.unmatched;
    part.themes.counts.forEach((n, i) => (themes.counts[i] += n));
    part.themes.quotes.forEach((q, i) => themes.quotes[i].absorb(q));
    themes.unmatchedListed.absorb(part.themes.unmatchedListed);
  }
  return tally;
}
