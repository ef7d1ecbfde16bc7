// Holds a stored record against what the simulated person meant: misreads (stored differs from meant),
// words dropped (typed as their words, not stored), junk stored ("yes", "ok", "no" kept as their words).
import type { OutcomeRecord } from '../src/records/record.js';
import { countWords } from './persona-chat.js';
import { normalise, type Intent } from './persona-people.js';

export interface Score {
  misreads: number;
  /** What was misread, as field names and ids only (never the text). */
  misreadWhere: string[];
  wordsDropped: number;
  droppedWordCount: number;
  junkStored: number;
}

/** Replies that are never a person's words, whoever typed them. */
const JUNK = new Set([
  'yes',
  'ok',
  'okay',
  'no',
  'nope',
  'nah',
  'naw',
  'aye',
  'nothing',
  'nothing to add',
  'thats it',
  'that s it',
  'no thanks',
  'no ta',
  'dunno',
  'not sure',
  'skip',
  'n a',
  'none',
]);

export function scoreRecord(intent: Intent, record: OutcomeRecord): Score {
  const where: string[] = [];
  if (intent.script && record.script.id !== intent.script) where.push('script');
  if (intent.forSomeone && record.answeredBy === 'person') where.push('answeredBy');
  if (intent.relationship && record.answeredFor?.relationship !== intent.relationship) where.push('answeredFor');
  for (const answer of record.outcomes) {
    const meant = intent.ratings.get(answer.id);
    const stored = answer.status === 'answered' ? answer.rating?.value : answer.status;
    let ok: boolean;
    if (meant === undefined) ok = answer.status !== 'answered';
    else if (typeof meant === 'number') ok = stored === meant;
    else if (meant === 'low') ok = typeof stored === 'number' && stored <= 2;
    else if (meant === 'unsure') ok = answer.status !== 'answered';
    else if (meant === 'any') ok = true;
    else ok = stored === meant;
    if (!ok) where.push(`rating:${answer.id}`);
  }
  if (intent.priorities) {
    const stored = record.outcomes
      .filter((a) => a.priority)
      .map((a) => a.id)
      .sort();
    if (stored.join() !== [...intent.priorities].sort().join()) where.push('priorities');
  }
  if (intent.sharing && record.sharing !== intent.sharing) where.push('sharing');
  if (intent.contact && record.contact.method !== intent.contact) where.push('contact');

  const storedTexts = [record.whatMatters, ...record.outcomes.flatMap((a) => [a.ownWords, a.whatWouldHelp])]
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .map(normalise);
  let wordsDropped = 0;
  let droppedWordCount = 0;
  for (const w of intent.words) {
    if (!storedTexts.some((t) => t.includes(normalise(w.text)))) {
      wordsDropped++;
      droppedWordCount += countWords(w.text);
    }
  }
  const junkStored = storedTexts.filter((t) => JUNK.has(t) || intent.notWords.has(t)).length;
  return { misreads: where.length, misreadWhere: where, wordsDropped, droppedWordCount, junkStored };
}
