// Pieces every step's question is built from: the script, the placeholders, the command buttons and the
// choices each step offers. No sentence is written here, only chosen from the script.
import { fillText } from './fill-text.js';
import type { Choice } from './prompt.js';
import type { Script } from './script.js';
import { scaleFor } from './script.js';
import type { EngineSetup } from './setup.js';
import type { ConversationState } from './state.js';

export const MAX_PRIORITIES = 2;

export function scriptOf(setup: EngineSetup, state: ConversationState): Script {
  return setup.scripts.find((s) => s.id === state.scriptId) ?? setup.scripts[0];
}

function placeholders(setup: EngineSetup, state: ConversationState): Record<string, string | number> {
  const org = setup.organisation;
  return {
    organisation: org.name,
    botName: org.botName,
    code: state.code ?? '',
    retentionDays: org.retentionDays,
    max: org.maxTextLength,
    days: org.followUpDays,
    whom: state.answeredFor?.whom ?? 'you',
  };
}

export function fillFor(setup: EngineSetup, state: ConversationState) {
  return (s: string, extra: Record<string, string | number> = {}) => fillText(s, { ...placeholders(setup, state), ...extra });
}

/** The small command buttons under a question: back, skip, pause, help. */
export function commands(script: Script, options: { back?: boolean; skip?: boolean } = {}): Choice[] {
  const l = script.commandLabels;
  const w = script.commands;
  const list: Choice[] = [];
  if (options.back !== false) list.push({ label: l.back, value: w.back[0] });
  if (options.skip !== false) list.push({ label: l.skip, value: w.skip[0] });
  list.push({ label: l.pause, value: w.pause[0] }, { label: l.help, value: w.help[0] });
  return list;
}

/** A choice whose words are a line of the script, with the other words people use for it. */
export function textChoice(script: Script, key: keyof Script['text'], means?: 'yes' | 'no'): Choice {
  const label = script.text[key];
  return { id: key, label, value: label, keywords: script.replies.choiceWords[key] ?? [], ...(means ? { means } : {}) };
}

export function chooserChoices(setup: EngineSetup): Choice[] {
  const first = setup.scripts[0];
  const choices: Choice[] = setup.scripts.map((s) => ({
    id: s.id,
    label: s.text.chooserLabel,
    value: s.text.chooserLabel,
    keywords: first.replies.choiceWords[`chooser:${s.id}`] ?? [],
  }));
  if (forSomeoneScripts(setup).length) choices.push(textChoice(first, 'forSomeoneLabel'));
  return choices;
}

/** Scripts that can be filled in by family or a friend for the person they are about. */
export function forSomeoneScripts(setup: EngineSetup): Script[] {
  return setup.scripts.filter((s) => s.text.forSomeoneChoice !== '' && s.audience !== 'carer');
}

export function ratingChoices(script: Script, outcomeIndex: number): Choice[] {
  const scale = scaleFor(script, script.outcomes[outcomeIndex]);
  return [
    ...scale.options.map((o) => ({ label: o.label, value: String(o.value) })),
    { label: scale.ratherNotSay.label, value: scale.ratherNotSay.label },
    { label: scale.notApplicable.label, value: scale.notApplicable.label },
  ];
}
