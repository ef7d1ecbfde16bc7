// Builds the prompts for each step from the script's wording. No sentence is written here, only chosen.
import { fillText } from './fill-text.js';
import type { Choice, Prompt } from './prompt.js';
import type { Script } from './script.js';
import { scaleFor } from './script.js';
import type { EngineSetup } from './setup.js';
import type { ConversationState, Step } from './state.js';
import { priorityCandidates, summaryEntries } from './summary.js';

export const MAX_PRIORITIES = 2;

export function scriptOf(setup: EngineSetup, state: ConversationState): Script {
  return setup.scripts.find((s) => s.id === state.scriptId) ?? setup.scripts[0];
}

export function placeholders(setup: EngineSetup, state: ConversationState): Record<string, string | number> {
  const org = setup.organisation;
  return {
    organisation: org.name,
    botName: org.botName,
    code: state.code ?? '',
    retentionDays: org.retentionDays,
    max: org.maxTextLength,
    days: org.followUpDays,
  };
}

function commands(script: Script, options: { back?: boolean; skip?: boolean } = {}): Choice[] {
  const l = script.commandLabels;
  const w = script.commands;
  const list: Choice[] = [];
  if (options.back !== false) list.push({ label: l.back, value: w.back[0] });
  if (options.skip !== false) list.push({ label: l.skip, value: w.skip[0] });
  list.push({ label: l.pause, value: w.pause[0] }, { label: l.help, value: w.help[0] });
  return list;
}

export function chooserChoices(setup: EngineSetup): Choice[] {
  return setup.scripts.map((s) => ({ label: s.text.chooserLabel, value: s.text.chooserLabel }));
}

export function choicesFor(setup: EngineSetup, state: ConversationState, step: Step): Choice[] {
  const script = scriptOf(setup, state);
  const t = script.text;
  const asChoice = (label: string): Choice => ({ label, value: label });
  switch (step.kind) {
    case 'choose-script':
      return chooserChoices(setup);
    case 'consent':
      return [asChoice(t.agree), asChoice(t.decline)];
    case 'rating': {
      const scale = scaleFor(script, script.outcomes[step.outcome]);
      return [
        ...scale.options.map((o) => ({ label: o.label, value: String(o.value) })),
        asChoice(scale.ratherNotSay.label),
        asChoice(scale.notApplicable.label),
      ];
    }
    case 'own-words':
    case 'what-would-help':
      return [asChoice(t.nothingToAdd)];
    case 'priorities':
      return priorityCandidates(script, state).map((i, n) => ({ label: script.outcomes[i].label, value: String(n + 1) }));
    case 'summary':
      return [asChoice(t.confirm), asChoice(t.changeAnswer)];
    case 'change':
      return summaryEntries(script, state).map((e) => ({ label: e.item.title, value: String(e.item.number) }));
    case 'sharing':
      return [asChoice(t.keepPrivate), asChoice(t.share)];
    case 'contact':
      return [asChoice(t.noContact), asChoice(t.contactPhone), asChoice(t.contactEmail)];
    default:
      return [];
  }
}

function progress(script: Script, index: number): string {
  return fillText(script.text.progress, { step: index + 1, total: script.outcomes.length });
}

/** The question for the current step, as a person sees it. */
export function promptsFor(setup: EngineSetup, state: ConversationState): Prompt[] {
  const script = scriptOf(setup, state);
  const t = script.text;
  const fill = (s: string) => fillText(s, placeholders(setup, state));
  const step = state.step;
  const choices = choicesFor(setup, state, step);
  const hint = t.commandsHint;
  switch (step.kind) {
    case 'choose-script':
      return [
        { card: 'message', body: [fill(t.welcome), fill(t.emergency)] },
        { card: 'question', body: [fill(t.chooserQuestion)], choices, commands: commands(script, { back: false, skip: false }), hint },
      ];
    case 'consent':
      return [
        ...(setup.scripts.length === 1 ? [{ card: 'message' as const, body: [fill(t.welcome), fill(t.emergency)] }] : []),
        {
          card: 'question',
          title: script.title,
          body: privacyNotice(setup, script).map(fill),
          link: { label: t.privacyLinkLabel, url: setup.organisation.privacyNoticeUrl },
          choices,
          commands: commands(script, { skip: false }),
          hint,
        },
      ];
    case 'what-matters':
      return [{ card: 'question', body: [fill(t.whatMatters)], freeText: true, commands: commands(script), hint }];
    case 'rating': {
      const outcome = script.outcomes[step.outcome];
      const group = script.groups.find((g) => g.id === outcome.group);
      return [
        {
          card: 'question',
          title: group?.title,
          progress: progress(script, step.outcome),
          body: [outcome.question, scaleFor(script, outcome).prompt],
          choices,
          commands: commands(script),
          hint,
        },
      ];
    }
    case 'own-words':
      return [{ card: 'question', title: script.outcomes[step.outcome].label, progress: progress(script, step.outcome), body: [fill(t.ownWords)], freeText: true, choices, commands: commands(script), hint }];
    case 'what-would-help':
      return [{ card: 'question', title: script.outcomes[step.outcome].label, progress: progress(script, step.outcome), body: [fill(t.whatWouldHelp)], freeText: true, choices, commands: commands(script), hint }];
    case 'priorities':
      return [{ card: 'multi-choice', body: [fill(t.prioritiesQuestion)], choices, maxChoices: MAX_PRIORITIES, commands: commands(script), hint }];
    case 'summary':
      return [{ card: 'summary', title: script.title, body: [fill(t.summaryIntro)], summary: summaryEntries(script, state).map((e) => e.item), choices, commands: commands(script, { skip: false }), hint }];
    case 'change':
      return [{ card: 'question', body: [fill(t.changeWhich)], choices, commands: commands(script, { skip: false }), hint }];
    case 'sharing':
      return [{ card: 'question', body: [fill(t.sharingQuestion)], choices, commands: commands(script, { skip: false }), hint }];
    case 'contact':
      return [{ card: 'question', body: [fill(t.contactQuestion)], choices, commands: commands(script), hint }];
    case 'contact-details':
      return [{ card: 'question', body: [fill(step.method === 'phone' ? t.contactDetailsPhone : t.contactDetailsEmail)], freeText: true, commands: commands(script), hint }];
    case 'done':
      return [{ card: 'message', body: [fill(t.finishedAlready)] }];
    case 'ended':
      return [{ card: 'message', body: [fill(t.stopped)] }];
  }
}

/** The organisation's own notice (then the script's question), or the script's notice that matches the safeguarding policy. */
function privacyNotice(setup: EngineSetup, script: Script): string[] {
  const org = setup.organisation;
  if (org.privacyNoticeText) return [org.privacyNoticeText, script.text.consentQuestion];
  return [org.safeguardingPassOn === false ? script.text.privacyNoticePrivateFlags : script.text.privacyNotice];
}

export function helpFor(script: Script, step: Step): string {
  const h = script.help;
  switch (step.kind) {
    case 'choose-script': return h.chooser;
    case 'consent': return h.consent;
    case 'what-matters': return h.whatMatters;
    case 'rating': return h.rating;
    case 'own-words': return h.ownWords;
    case 'what-would-help': return h.whatWouldHelp;
    case 'priorities': return h.priorities;
    case 'summary': return h.summary;
    case 'change': return h.change;
    case 'sharing': return h.sharing;
    case 'contact': return h.contact;
    case 'contact-details': return h.contactDetails;
    case 'done':
    case 'ended': return h.done;
  }
}
