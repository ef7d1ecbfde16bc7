// Simulated people for `npm run personas`: each types as one of the corpus styles, answering from the TUNING
// corpus's replies for the question kind asked (never the holdout), and keeps what they meant, so the
// stored record can be checked against it. Seeded: the same seed gives the same person and answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { seededRandom } from '../src/report/random.js';
import type { Button, Question } from './persona-chat.js';
import type { CorpusEntry, Meaning, ScriptId, Style } from './understanding-corpus.js';

export interface PersonaKind {
  name: string;
  /** Styles in order of preference: the first most of the time, the others when it has no reply. */
  styles: Style[];
  chooser: 'carer' | 'adult' | 'care-home' | 'for-someone';
  /** The script answered when filling it in for someone. */
  forScript?: ScriptId;
  /** Presses a card's buttons whenever one fits what they mean; types only free text. */
  presses: boolean;
}

export const PERSONAS: PersonaKind[] = [
  { name: 'exhausted carer, rambling', styles: ['rambling', 'plain'], chooser: 'carer', presses: false },
  { name: 'short misspelt typist, emoji', styles: ['short-misspelt', 'emoji'], chooser: 'adult', presses: false },
  { name: 'daughter for her mum, care home', styles: ['third-person', 'plain'], chooser: 'for-someone', forScript: 'care-home', presses: false },
  { name: 'Scots carer', styles: ['scots', 'plain'], chooser: 'carer', presses: false },
  { name: 'plain answerer', styles: ['plain'], chooser: 'carer', presses: false },
  { name: 'card presser', styles: ['plain'], chooser: 'carer', presses: true },
];

/** What the person meant for one area. */
export type Intended = number | 'low' | 'declined' | 'not-applicable' | 'unsure' | 'any';

/** Everything the person meant, to hold the stored record against. */
export interface Intent {
  script?: ScriptId;
  forSomeone: boolean;
  ratings: Map<string, Intended>;
  /** Text that must be kept as the person's words; outcome undefined for what matters. */
  words: { outcome?: string; text: string }[];
  /** Text typed that must never be stored as words ("yes", "no", "nothing", "dunno", commands). */
  notWords: Set<string>;
  priorities?: string[];
  sharing?: 'private' | 'shared';
  contact?: 'none' | 'phone' | 'email';
  /** Who the person answers for (a relationship id from dialogs/replies), when filling it in for someone. */
  relationship?: string;
}

/** One turn by the person. */
export type Move = { type: 'say'; text: string; command: boolean } | { type: 'press'; data: Record<string, unknown>; title: string };

interface ScriptFacts {
  outcomes: string[];
  yesNoQuestion: Set<string>;
  scaleLabels: Map<number, string>;
}

const facts = new Map<string, ScriptFacts>();
function scriptFacts(id: string): ScriptFacts {
  let found = facts.get(id);
  if (!found) {
    const file = parse(readFileSync(path.join(process.cwd(), 'dialogs', `${id}.yaml`), 'utf8')) as {
      outcomes: { id: string; question?: string }[];
      scales?: Record<string, { options?: { value: number; label: string }[] }>;
    };
    const scale = Object.values(file.scales ?? {})[0];
    found = {
      outcomes: file.outcomes.map((o) => o.id),
      // Asked as a yes/no question ("Do you get time for yourself?"): "yes" and "not really" fit.
      yesNoQuestion: new Set(file.outcomes.filter((o) => /^(do|does|are|is|has|can|when)\b/i.test(o.question ?? '')).map((o) => o.id)),
      scaleLabels: new Map((scale?.options ?? []).map((o) => [o.value, o.label])),
    };
    facts.set(id, found);
  }
  return found;
}

const YES_NO_REPLY =
  /^(yes|yeah|yeh|ya|yep|no|naw|nah|nope|aye|och aye|not really|no rea?l+y|never|not at all|mostly|absolutely|she does|she doesnt|mum says|👍)/i;
const topical = (m: Meaning) => m.kind === 'words' || m.kind === 'unclear' || ('words' in m && m.words === true);
export const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const PHONE = '07700 900123';
const EMAIL = 'someone@example.org';

export class Person {
  readonly intent: Intent = { forSomeone: false, ratings: new Map(), words: [], notWords: new Set() };
  private readonly rand: () => number;
  private commandsLeft = 2;
  private wantsToSayMore = new Set<string>();
  /** After two misses in a row a person gives up on their own words and presses the button, or types it. */
  private plainly = false;

  constructor(
    readonly kind: PersonaKind,
    private readonly corpus: CorpusEntry[],
    seed: number,
  ) {
    this.rand = seededRandom(seed);
  }

  private pick<T>(list: T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.rand() * list.length)];
  }

  /** A reply of this kind in the person's style: the first style most of the time, then the others. */
  private choose(at: string, fits: (e: CorpusEntry) => boolean): CorpusEntry | undefined {
    const pool = this.corpus.filter(
      (e) => e.at === at && e.meaning.kind !== 'command' && e.meaning.kind !== 'not-understood' && e.meaning.kind !== 'ambiguous' && fits(e),
    );
    const styles = this.rand() < 0.75 ? this.kind.styles : [...this.kind.styles.slice(1), this.kind.styles[0]];
    for (const style of [...styles, 'plain' as Style]) {
      const found = this.pick(pool.filter((e) => e.style === style));
      if (found) return found;
    }
    return this.pick(pool);
  }

  private get script(): ScriptId {
    return this.intent.script ?? 'carer';
  }

  private say(entry: CorpusEntry | undefined, fallback: string, outcome?: string): Move {
    const text = entry?.text ?? fallback;
    const meaning = entry?.meaning;
    if (meaning && topical(meaning)) this.intent.words.push({ outcome, text });
    else this.intent.notWords.add(normalise(text));
    return { type: 'say', text, command: false };
  }

  private button(question: Question, match: RegExp): Button | undefined {
    return this.kind.presses || this.plainly ? question.buttons.find((b) => match.test(b.title)) : undefined;
  }

  private press(b: Button): Move {
    return { type: 'press', data: b.data, title: b.title };
  }

  /** Now and then a person asks what a question means before answering it (at most twice a conversation). */
  private maybeAskWhy(question: Question): Move | undefined {
    if (this.commandsLeft === 0 || this.rand() > 0.05 || this.kind.presses) return undefined;
    const explain = this.corpus.filter(
      (e) => e.meaning.kind === 'command' && e.meaning.command === 'explain' && [...this.kind.styles, 'plain'].includes(e.style),
    );
    const entry = this.pick(explain.filter((e) => e.at === question.ask)) ?? this.pick(explain);
    if (!entry) return undefined;
    this.commandsLeft--;
    this.intent.notWords.add(normalise(entry.text));
    return { type: 'say', text: entry.text, command: true };
  }

  /** The person's answer to a question; `plainly` after being misunderstood twice running. */
  answer(question: Question, plainly = false): Move {
    this.plainly = plainly;
    const why = plainly
      ? undefined
      : question.ask && ['rating', 'what-matters', 'quick-pass', 'consent'].includes(question.ask)
        ? this.maybeAskWhy(question)
        : undefined;
    if (why) return why;
    switch (question.ask) {
      case 'chooser':
        return this.chooser(question);
      case 'consent': {
        const b = this.button(question, /^yes/i);
        return b
          ? this.press(b)
          : this.say(
              this.choose('consent', (e) => e.meaning.kind === 'yes'),
              'yes',
            );
      }
      case 'what-matters': {
        const words = this.rand() < 0.85;
        const entry = this.choose('what-matters', (e) => (e.meaning.kind === 'words') === words);
        return this.say(entry, 'not sure');
      }
      case 'quick-pass':
        return this.quickPass(question);
      case 'rating':
        return this.rating(question);
      case 'say-more':
        return this.sayMore(question);
      case 'what-would-help': {
        const outcome = question.outcomes[0];
        const words = this.rand() < 0.7;
        const entry = this.choose('what-would-help', (e) => (e.meaning.kind === 'words') === words);
        return this.say(entry, 'not sure', outcome);
      }
      case 'priorities':
        return this.priorities(question);
      case 'summary': {
        const b = this.button(question, /right|correct|confirm/i);
        return b
          ? this.press(b)
          : this.say(
              this.choose('summary', (e) => e.meaning.kind === 'choice' && e.meaning.choice === 'confirm'),
              'yes',
            );
      }
      case 'sharing':
        return this.choice(question, 'sharing', { private: /private/i, shared: /share/i });
      case 'contact':
        return this.choice(question, 'contact', { none: /^no/i, phone: /phone/i, email: /email/i });
      case 'for-whom': {
        // Answering for her mum: the relationship, never a name.
        const nan = this.intent.relationship === 'grandparent';
        this.intent.relationship ??= 'mum';
        const b = this.button(question, nan ? /gran/i : /mum/i);
        return b
          ? this.press(b)
          : { type: 'say', text: this.pick(nan ? ['my nan', 'its for my gran'] : ['my mum', 'its for my mum', 'mum']) ?? 'my mum', command: false };
      }
      case 'for-whom-script': {
        const want = this.kind.forScript ?? 'carer';
        this.intent.script = want;
        const b = this.button(question, { carer: /look after|carer/i, adult: /support/i, 'care-home': /care home/i }[want]);
        return b
          ? this.press(b)
          : {
              type: 'say',
              text:
                this.pick(
                  {
                    carer: ['she looks after dad'],
                    adult: ['she gets support at home'],
                    'care-home': ['shes in a care home', 'care home', 'she lives in a home now'],
                  }[want],
                ) ?? want,
              command: false,
            };
      }
      case 'contact-details':
        return { type: 'say', text: this.intent.contact === 'phone' ? PHONE : EMAIL, command: false };
      case 'safety':
        return this.safety(question);
      case 'stop-choice': {
        const b = this.button(question, /carry on/i);
        return b
          ? this.press(b)
          : this.say(
              this.choose('stop-choice', (e) => e.meaning.kind === 'choice' && e.meaning.choice === 'carry-on'),
              'carry on',
            );
      }
      default:
        return this.other(question);
    }
  }

  private chooser(question: Question): Move {
    // Asked again after "for someone": which kind of help the person they answer for gets.
    const want = this.intent.forSomeone ? (this.kind.forScript ?? 'carer') : this.kind.chooser;
    if (want === 'for-someone') this.intent.forSomeone = true;
    else this.intent.script = want;
    const label = { carer: /look after/i, adult: /support myself/i, 'care-home': /care home/i, 'for-someone': /for someone/i }[want];
    const b = this.button(question, label);
    if (b) return this.press(b);
    const entry = this.choose('chooser', (e) => e.meaning.kind === 'choice' && e.meaning.choice === want);
    // "for my nan" means a gran, "my mum, i'm her daughter" a mum: what they then say at "who for?" follows it.
    if (want === 'for-someone' && entry)
      this.intent.relationship = /\b(nan|gran)/i.test(entry.text) ? 'grandparent' : /\b(mum|mother)/i.test(entry.text) ? 'mum' : undefined;
    return this.say(entry, want.replace('-', ' '));
  }

  private choice<K extends string>(question: Question, at: string, labels: Record<K, RegExp>): Move {
    const entry = this.choose(at, (e) => e.meaning.kind === 'choice' && e.meaning.choice in labels);
    const chosen = (entry?.meaning.kind === 'choice' ? entry.meaning.choice : Object.keys(labels)[0]) as K;
    if (at === 'sharing') this.intent.sharing = chosen as 'private' | 'shared';
    if (at === 'contact') this.intent.contact = chosen as 'none' | 'phone' | 'email';
    const b = this.button(question, labels[chosen]);
    return b ? this.press(b) : this.say(entry, chosen);
  }

  /** A value for the card presser, or for a person asked again which is closest. */
  private plainValue(): number {
    return 1 + Math.floor(this.rand() * 5);
  }

  /** A plain reply that means exactly this rating, in the person's style if the corpus has one. */
  private sayRating(question: Question, outcome: string, value: number): Move {
    const label = scriptFacts(this.script).scaleLabels.get(value) ?? String(value);
    const b = this.button(question, new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\']/g, '.')}$`, 'i'));
    if (b) return this.press(b);
    const yesNo = scriptFacts(this.script).yesNoQuestion.has(outcome);
    if (this.plainly) return this.say(undefined, String(value), outcome);
    const entry = this.choose(
      'rating',
      (e) => e.meaning.kind === 'rating' && e.meaning.value === value && !e.meaning.words && (yesNo || !YES_NO_REPLY.test(e.text)),
    );
    return this.say(entry, String(value), outcome);
  }

  private rating(question: Question): Move {
    const outcome = question.outcomes[0] ?? 'unknown';
    const held = this.intent.ratings.get(outcome);
    // Asked again for an area already answered: say plainly what was meant.
    if (held !== undefined) {
      let value = typeof held === 'number' ? held : undefined;
      if (held === 'low') value = this.rand() < 0.5 ? 1 : 2;
      if (held === 'any' || value === undefined) value = this.plainValue();
      this.intent.ratings.set(outcome, value);
      return this.sayRating(question, outcome, value);
    }
    if (this.kind.presses) {
      const value = this.plainValue();
      this.intent.ratings.set(outcome, value);
      return this.sayRating(question, outcome, value);
    }
    const yesNo = scriptFacts(this.script).yesNoQuestion.has(outcome);
    const entry = this.choose('rating', (e) => {
      if (topical(e.meaning) && (e.outcome !== outcome || e.script !== this.script)) return false;
      return yesNo || !YES_NO_REPLY.test(e.text);
    });
    const m = entry?.meaning;
    if (!entry || !m) return this.sayRating(question, outcome, 3);
    if (m.kind === 'rating') this.intent.ratings.set(outcome, m.value);
    else if (m.kind === 'between') {
      // Between two: the person means one of them and says which when asked.
      this.intent.ratings.set(outcome, this.rand() < 0.5 ? m.low : m.high);
    } else if (m.kind === 'unclear') this.intent.ratings.set(outcome, 'any');
    else if (m.kind === 'declined' || m.kind === 'not-applicable' || m.kind === 'unsure') this.intent.ratings.set(outcome, m.kind);
    return this.say(entry, '3', outcome);
  }

  private quickPass(question: Question): Move {
    const areas = question.outcomes;
    if (this.kind.presses && question.inputs.length > 0) {
      // The card's lists are `area1`, `area2`, ... in the order of the question's outcomes; Send is { kind: 'areas' }.
      const send = question.buttons.find((b) => b.data.kind === 'areas') ?? question.buttons[0];
      const data: Record<string, unknown> = { ...(send?.data ?? {}) };
      for (const input of question.inputs) {
        const position = /^area(\d+)$/.exec(input.id);
        const area = position ? areas[Number(position[1]) - 1] : undefined;
        const choice = this.pick(input.choices.filter((c) => /^[1-5]$/.test(c.value))) ?? input.choices[0];
        if (!choice) continue;
        data[input.id] = choice.value;
        if (area) this.intent.ratings.set(area, Number(choice.value));
      }
      return { type: 'press', data, title: send?.title ?? 'Send' };
    }
    const same = (ids: string[]) => ids.every((id) => areas.includes(id));
    const entry = this.choose('quick-pass', (e) => {
      if (e.meaning.kind === 'quick')
        return Object.keys(e.meaning.ratings).length === 0 || (e.script === this.script && same(Object.keys(e.meaning.ratings)) && e.group !== undefined);
      return e.meaning.kind === 'unsure';
    });
    if (entry?.meaning.kind === 'quick') {
      const { ratings, rest } = entry.meaning;
      for (const area of areas) {
        const value = ratings[area] ?? rest;
        if (value !== undefined) this.intent.ratings.set(area, value);
      }
    }
    return this.say(entry, 'all ok');
  }

  private sayMore(question: Question): Move {
    const outcome = question.outcomes[0];
    if (outcome && this.wantsToSayMore.has(outcome)) {
      this.wantsToSayMore.delete(outcome);
      const entry = this.choose('say-more', (e) => e.meaning.kind === 'words');
      return this.say(entry, 'the nights are hard', outcome);
    }
    const nothing = this.button(question, /nothing/i);
    if (nothing && this.rand() < 0.6) return this.press(nothing);
    const entry = this.choose('say-more', (e) => (e.meaning.kind === 'words' ? e.outcome === outcome && e.script === this.script : true));
    if (entry?.meaning.kind === 'yes' && outcome) this.wantsToSayMore.add(outcome);
    return this.say(entry, 'no', outcome);
  }

  private priorities(question: Question): Move {
    const offered = question.outcomes;
    if (this.plainly && offered.length === 0) return { type: 'say', text: 'skip', command: true };
    if (this.kind.styles[0] === 'plain' || this.plainly) {
      // Someone who answers plainly types the numbers shown, in the order the areas are offered.
      const count = Math.min(offered.length, this.rand() < 0.5 ? 1 : 2);
      const left = [...offered];
      const chosen = Array.from({ length: count }, () => left.splice(Math.floor(this.rand() * left.length), 1)[0]);
      this.intent.priorities = chosen;
      if (chosen.length === 0) return this.say(undefined, 'none of them really');
      const text = chosen.map((id) => offered.indexOf(id) + 1).join(' and ');
      this.intent.notWords.add(normalise(text));
      return { type: 'say', text, command: false };
    }
    const entry = this.choose('priorities', (e) =>
      e.meaning.kind === 'outcomes'
        ? !/\d/.test(e.text) && e.script === this.script && e.meaning.ids.every((id) => offered.includes(id))
        : e.meaning.kind === 'nothing',
    );
    this.intent.priorities = entry?.meaning.kind === 'outcomes' ? entry.meaning.ids : [];
    return this.say(entry, 'none of them really');
  }

  /**
   * The safety questions the corpus has no replies for: "are you safe right now?" (after the lowest rating on
   * an area about safety or health) they are; someone to get in touch after a safety message, no thank you;
   * then they carry on.
   */
  private safety(question: Question): Move {
    const text = question.text.toLowerCase();
    const [label, typed] = /get in touch/.test(text) ? [/^no/i, 'no thank you'] : /carry on/.test(text) ? [/carry on/i, 'carry on'] : [/^yes/i, 'yes'];
    const b = this.button(question, label);
    return b ? this.press(b) : this.say(undefined, typed);
  }

  /** Questions the corpus has no kind for: contact details, who they answer for, anything new. */
  private other(question: Question): Move {
    const text = question.text.toLowerCase();
    if (/email/.test(text) && this.intent.contact === 'email') return { type: 'say', text: EMAIL, command: false };
    if (/number|phone/.test(text) && this.intent.contact === 'phone') return { type: 'say', text: PHONE, command: false };
    if (this.intent.forSomeone && /who|relationship|related/.test(text)) return { type: 'say', text: 'her daughter', command: false };
    const b = this.kind.presses ? question.buttons[0] : undefined;
    if (b) return this.press(b);
    return { type: 'say', text: 'skip', command: true };
  }
}
