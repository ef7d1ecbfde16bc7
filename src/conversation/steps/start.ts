// The first steps: who the conversation is about (and who is answering), then agreeing to go on.
import type { Choice, Prompt } from '../prompt.js';
import { chooserChoices, commands, forSomeoneScripts, textChoice } from '../prompts.js';
import type { Script } from '../script.js';
import type { EngineSetup } from '../setup.js';
import type { Lexicon } from '../understanding/lexicon.js';
import { keywordMatches, readChoice } from '../understanding/read-choice.js';
import { isUnsure } from '../understanding/read-intent.js';
import { readYesNo } from '../understanding/read-yes-no.js';
import type { AnswerReading } from '../understanding/reading.js';
import { tokens } from '../understanding/words.js';
import { miss, type StepContext, type StepHandler } from './kit.js';
import { moveOn } from './moves.js';

function welcome(c: StepContext): Prompt {
  return { card: 'message', body: [c.fill(c.setup.scripts.length > 1 ? c.setup.scripts[0].text.chooserWelcome : c.t.welcome), c.fill(c.t.emergency)] };
}

/** A choice, or not understood. */
function chosen(choice: Choice | undefined): AnswerReading {
  return choice ? { kind: 'choice', choice } : { kind: 'none' };
}

/** Said once, when the conversation starts: who the bot is, how long it takes, and what to do in an emergency. */
export function welcomeFor(c: StepContext): Prompt {
  return welcome(c);
}

export const chooseScript: StepHandler<'choose-script'> = {
  ask: 'chooser',
  prompts: (c) => [
    {
      card: 'question',
      ask: 'chooser',
      body: [c.fill(c.t.chooserQuestion)],
      choices: chooserChoices(c.setup),
      commands: commands(c.script, { back: false, skip: false }),
    },
  ],
  read: (c, _step, text) => chosen(readChoice(text, chooserChoices(c.setup), c.lex)),
  apply(c, _step, reading, text) {
    if (reading.kind !== 'choice') return miss();
    const script = c.setup.scripts.find((s) => s.id === reading.choice.id);
    if (script) return moveOn(c, { ...c.state, scriptId: script.id });
    // Filling it in for someone: the same message often says who for and where they live ("for my mum, she's in a home").
    const relationship = relationshipIn(c.script, text, c.lex);
    const named = scriptNamedIn(c, text);
    return moveOn(c, {
      ...c.state,
      answeredBy: 'family-or-friend',
      ...(relationship ? { answeredFor: relationship } : {}),
      ...(relationship && named ? { scriptId: named.id } : {}),
    });
  },
  help: (c) => c.script.help.chooser,
};

export const forWhom: StepHandler<'for-whom'> = {
  ask: 'for-whom',
  prompts: (c) => [
    {
      card: 'question',
      ask: 'for-whom',
      body: [c.fill(c.t.forWhomQuestion)],
      choices: relationshipChoices(c.script),
      commands: commands(c.script, { skip: false }),
    },
  ],
  // Anyone else is recorded as "someone else", never with the words typed (they may hold a name).
  read: (c, _step, text) =>
    chosen(
      readChoice(text, relationshipChoices(c.script), c.lex) ??
        relationshipChoices(c.script).find((ch) => ch.id === relationshipIn(c.script, text, c.lex)?.relationship),
    ),
  apply(c, _step, reading, text) {
    const found = reading.kind === 'choice' ? c.script.replies.relationships.find((r) => r.id === reading.choice.id) : undefined;
    const answeredFor = found
      ? { relationship: found.id, whom: found.whom }
      : { relationship: 'other', whom: c.script.replies.relationships.find((r) => r.id === 'other-family')?.whom ?? 'them' };
    const only = forSomeoneScripts(c.setup);
    const script = scriptNamedIn(c, text) ?? (only.length === 1 ? only[0] : undefined);
    return moveOn(c, { ...c.state, answeredFor, ...(script ? { scriptId: script.id } : {}) });
  },
  help: (c) => c.script.help.chooser,
};

export const forWhomScript: StepHandler<'for-whom-script'> = {
  ask: 'for-whom-script',
  prompts: (c) => [
    {
      card: 'question',
      ask: 'for-whom-script',
      body: [c.fill(c.t.forWhomScript)],
      choices: scriptChoices(c.setup, c.script),
      commands: commands(c.script, { skip: false }),
    },
  ],
  read: (c, _step, text) => chosen(readChoice(text, scriptChoices(c.setup, c.script), c.lex)),
  apply(c, _step, reading) {
    const script = reading.kind === 'choice' ? forSomeoneScripts(c.setup).find((s) => s.id === reading.choice.id) : undefined;
    return script ? moveOn(c, { ...c.state, scriptId: script.id }) : miss();
  },
  help: (c) => c.script.help.chooser,
};

function consentChoices(c: StepContext): Choice[] {
  return [textChoice(c.script, 'agree', 'yes'), textChoice(c.script, 'decline', 'no')];
}

export const consent: StepHandler<'consent'> = {
  ask: 'consent',
  prompts(c) {
    const single = c.setup.scripts.length === 1 && c.state.history.length === 0;
    return [
      {
        card: 'question',
        ask: 'consent',
        title: c.script.title,
        body: privacyNotice(c).map((s) => c.fill(s)),
        link: { label: c.t.privacyLinkLabel, url: c.setup.organisation.privacyNoticeUrl },
        choices: consentChoices(c),
        commands: commands(c.script, { skip: false, back: !single }),
      },
    ];
  },
  read(c, _step, text) {
    const choice = readChoice(text, consentChoices(c), c.lex);
    const yesNo = choice?.means ?? readYesNo(text, c.lex);
    if (yesNo === 'yes' || yesNo === 'no') return { kind: yesNo };
    if (isUnsure(text, c.lex) || yesNo === 'unsure') return { kind: 'unsure' };
    return saysItIsForThem(c, text) ? { kind: 'yes' } : { kind: 'none' };
  },
  apply(c, _step, reading) {
    if (reading.kind === 'no') {
      return { state: { ...c.state, step: { kind: 'ended' } }, prompts: [{ card: 'message', body: [c.fill(c.t.declined)] }], effects: [{ kind: 'discard' }] };
    }
    if (reading.kind === 'yes') return moveOn(c, { ...c.state, consent: { at: c.turn.now, noticeVersion: c.setup.organisation.privacyNoticeVersion } });
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.script.help.consent] };
    return miss();
  },
  help: (c) => c.script.help.consent,
};

/** Words that start a question: "who is this for", "is it for carers" ask, they do not agree. */
const QUESTION_START = new Set(['who', 'what', 'whats', 'why', 'how', 'where', 'when', 'is', 'are', 'can', 'do', 'does', 'will', 'should', 'would']);

/**
 * "its for me, i look after my husband", "im the carer": at the privacy question, saying the chat is for them, as
 * the person this conversation is for (the words that choose its script at the first question, or "for me"), is
 * going ahead. Not when filling it in for someone else, not when asked as a question, and not when negated ("im not
 * the carer"). Only full phrases count here: a word that only names someone ("my husband") or the short form of a
 * longer phrase ("i care" beside "i care for") does not say it is for them.
 */
function saysItIsForThem(c: StepContext, text: string): boolean {
  if (c.state.answeredBy === 'family-or-friend' || text.includes('?')) return false;
  const words = tokens(text);
  if (!words.length || QUESTION_START.has(words[0])) return false;
  const relations = new Set(c.script.replies.relationships.flatMap((r) => r.keywords.flatMap((k) => tokens(k))));
  const ownWords = c.script.replies.choiceWords[`chooser:${c.script.id}`] ?? [];
  const full = ownWords.filter((k) => {
    const said = tokens(k);
    const named = said.filter((w) => !['my', 'ma', 'the'].includes(w));
    const onlyNamesSomeone = named.every((w) => relations.has(w));
    const shortForm = ownWords.some((o) => o !== k && tokens(o).length > said.length && tokens(o).slice(0, said.length).join(' ') === said.join(' '));
    return !onlyNamesSomeone && !shortForm;
  });
  const forThem: Choice[] = [{ id: 'for-them', label: '', value: '', keywords: [...(c.script.replies.choiceWords['consent:forMe'] ?? []), ...full] }];
  return keywordMatches(words, forThem, c.lex).length > 0;
}

/** The organisation's own notice (then the script's question), or the script's notice that matches the safeguarding policy. */
function privacyNotice(c: StepContext): string[] {
  const org = c.setup.organisation;
  if (org.privacyNoticeText) return [org.privacyNoticeText, c.t.consentQuestion];
  return [org.safeguardingPassOn === false ? c.t.privacyNoticePrivateFlags : c.t.privacyNotice];
}

function relationshipChoices(script: Script): Choice[] {
  return script.replies.relationships.map((r) => ({ id: r.id, label: r.label, value: r.label, keywords: r.keywords }));
}

function relationshipIn(script: Script, text: string, lex: Lexicon): { relationship: string; whom: string } | undefined {
  const hits = keywordMatches(tokens(text), relationshipChoices(script), lex);
  if (!hits.length) return undefined;
  const best = hits.sort((a, b) => b.weight - a.weight)[0];
  const r = script.replies.relationships.find((x) => x.id === best.choice.id)!;
  return { relationship: r.id, whom: r.whom };
}

function scriptChoices(setup: EngineSetup, script: Script): Choice[] {
  return forSomeoneScripts(setup).map((s) => ({
    id: s.id,
    label: s.text.forSomeoneChoice,
    value: s.text.forSomeoneChoice,
    keywords: script.replies.choiceWords[`chooser:${s.id}`] ?? [],
  }));
}

function scriptNamedIn(c: StepContext, text: string): Script | undefined {
  const hits = keywordMatches(tokens(text), scriptChoices(c.setup, c.script), c.lex);
  if (hits.length !== 1) return undefined;
  return forSomeoneScripts(c.setup).find((s) => s.id === hits[0].choice.id);
}
