// The shape of a conversation script (dialogs/*.yaml). All wording the bot says lives in a script.
import { z } from 'zod';
import { NO_REPLY_PHRASES, ReplyPhrases } from './understanding/reply-phrases.js';

const text = z.string().trim().min(1, 'must not be empty');

const ScaleOption = z.object({
  value: z.number().int(),
  label: text,
  /** Other words a person might type for this option ("ok", "fine"). */
  aliases: z.array(text).default([]),
});
type ScaleOption = z.infer<typeof ScaleOption>;

export const RatingScale = z.object({
  /** Shown on the rating step under the outcome's own question. */
  prompt: text,
  options: z.array(ScaleOption).min(2, 'needs at least two options'),
  ratherNotSay: z.object({ label: text, aliases: z.array(text).default([]) }),
  notApplicable: z.object({ label: text, aliases: z.array(text).default([]) }),
});
export type RatingScale = z.infer<typeof RatingScale>;

const ScriptGroup = z.object({ id: text, title: text });

export const ScriptOutcome = z.object({
  id: text,
  group: text,
  /** The published short label (Talking Points): for staff, exports and the report. */
  label: text,
  /** The plain title the person sees everywhere (reading age about 9): "Money", "Time for yourself". */
  title: text,
  /** Other words people use for this area ("bills", "skint"), so "the money one" finds it. */
  keywords: z.array(text).default([]),
  /** A plain question written for this outcome. */
  question: text,
  /** Said when the person asks what the question means or why it is asked. */
  explain: text,
  scale: text.optional(),
  /** An area about safety or health: its lowest rating brings one gentle, direct question about safety now. */
  safetyCheck: z.boolean().default(false),
});
export type ScriptOutcome = z.infer<typeof ScriptOutcome>;

/** Every sentence the bot says in this script. `{name}` placeholders are filled at run time. */
export const ScriptText = z.object({
  chooserQuestion: text,
  chooserLabel: text,
  /** The first words anyone sees when several scripts are offered: assumes nobody is a carer yet. */
  chooserWelcome: text,
  /** The chooser's choice for filling it in for someone else. */
  forSomeoneLabel: text,
  forWhomQuestion: text,
  /** How this script is offered to someone filling it in for another person (empty: not offered). */
  forSomeoneChoice: z.string().trim().default(''),
  forWhomScript: text,
  welcome: text,
  emergency: text,
  privacyNotice: text,
  privacyLinkLabel: text,
  agree: text,
  decline: text,
  declined: text,
  whatMatters: text,
  progress: text,
  ownWords: text,
  /** Said after a plain "yes" to "would you like to say more?". */
  sayMoreGoOn: text,
  nothingToAdd: text,
  whatWouldHelp: text,
  quickIntro: text,
  quickQuestion: text,
  quickTyped: text,
  /** A part of the quick pass with areas already answered at an earlier part ("all ok except money"): `{titles}`. */
  quickToldEarlier: text,
  quickPick: text,
  /** Asking one area's rating, filling in for someone else ("How is this going for your mum?"). */
  ratingQuestionFor: text,
  /** A rating read from a sentence: said lightly so the person can correct it. */
  ratingHeard: text,
  ratingWhich: text,
  ratingBetween: text,
  ratingKeptWords: text,
  deepIntro: text,
  unsureOkay: text,
  missFirst: text,
  missSecond: text,
  leavingPaused: text,
  stopQuestion: text,
  stopKeep: text,
  stopDelete: text,
  stopCarryOn: text,
  stopKept: text,
  areasWhich: text,
  changing: text,
  prioritiesNoted: text,
  prioritiesQuestion: text,
  prioritiesTooMany: text,
  prioritiesNone: text,
  summaryIntro: text,
  summaryWhatMatters: text,
  summaryYourWords: text,
  summaryWhatWouldHelp: text,
  summaryPriorities: text,
  summaryNotAnswered: text,
  confirm: text,
  changeAnswer: text,
  changeWhich: text,
  sharingQuestion: text,
  keepPrivate: text,
  share: text,
  contactQuestion: text,
  noContact: text,
  contactPhone: text,
  contactEmail: text,
  contactDetailsPhone: text,
  contactDetailsEmail: text,
  contactDetailsInvalid: text,
  done: text,
  doneShared: text,
  finishedAlready: text,
  paused: text,
  resumed: text,
  resumeNotFound: text,
  startAgain: text,
  stopped: text,
  nothingToGoBackTo: text,
  notUnderstoodChoice: text,
  notUnderstoodRating: text,
  notUnderstoodNumbers: text,
  tooLong: text,
  empty: text,
  commandsHint: text,
  safetyIntro: text,
  safetyNotWatched: text,
  safetyCarryOn: text,
  /** Said instead of safetyNotWatched when the organisation does not pass on unshared flagged conversations. */
  safetyNotWatchedPrivate: text,
  /** The privacy notice when the organisation does not pass on unshared flagged conversations. */
  privacyNoticePrivateFlags: text,
  /** Asked after the organisation's own privacy notice text, when it has one. */
  consentQuestion: text,
  forgetNeedsCode: text,
  forgetConfirm: text,
  forgetYes: text,
  forgetNo: text,
  forgetDone: text,
  forgetKept: text,
  copyNeedsCode: text,
  copyIntro: text,
  copyIntroUnfinished: text,
  copyPrintLink: text,
  rightsNotFound: text,
  myCopyTitle: text,
  myCopyHelp: text,
  myCopyCodeLabel: text,
  myCopyShow: text,
  myCopyPrint: text,
  myCopyForget: text,
  /** Said when the bot itself fails; what was saved stays saved. */
  somethingWentWrong: text,
});
export type ScriptText = z.infer<typeof ScriptText>;

/** What is said after something that sounds like someone may not be safe (src/conversation/steps/safety.ts). */
export const SafetyText = z.object({
  /** Said first, warmly, in words for the kind of risk (keys are the safeguarding kinds); `default` for the rest. */
  acknowledge: z.record(z.string(), text).refine((a) => a.default !== undefined, 'needs a "default" line'),
  /** Where nobody watches flags: said plainly, with the numbers. */
  notWatched: text,
  askContact: text,
  contactPhone: text,
  contactEmail: text,
  noContact: text,
  askPhone: text,
  askEmail: text,
  askWhen: text,
  anyTime: text,
  contactNoted: text,
  contactDeclined: text,
  carryOnQuestion: text,
  carryOn: text,
  stopForNow: text,
  /** A reply not understood just after a safety message: taken gently, never "I didn't catch that". */
  gentle: text,
  /** The structured check after the lowest rating on an area about safety or health. */
  checkQuestion: text,
  checkSafe: text,
  checkNotSafe: text,
  checkThanks: text,
  /** Before the conversation closes after a flag (stop, delete, keep for later, having to go). */
  goodbyeWatched: text,
  goodbyeContact: text,
  goodbyeNoContact: text,
  goodbyeNotWatched: text,
});
export type SafetyText = z.infer<typeof SafetyText>;

/** Words for the person's rights, typed with a reference code after them: "forget me ABCD-EFGH-JK". */
const RightsWords = z.object({
  forget: z.array(text).min(1),
  copy: z.array(text).min(1),
});
type RightsWords = z.infer<typeof RightsWords>;

export const CommandWords = z.object({
  back: z.array(text).min(1),
  skip: z.array(text).min(1),
  pause: z.array(text).min(1),
  help: z.array(text).min(1),
  startAgain: z.array(text).min(1),
  stop: z.array(text).min(1),
});
export type CommandWords = z.infer<typeof CommandWords>;

const HelpText = z.object({
  chooser: text,
  consent: text,
  whatMatters: text,
  quickPass: text,
  rating: text,
  ownWords: text,
  whatWouldHelp: text,
  priorities: text,
  summary: text,
  change: text,
  sharing: text,
  contact: text,
  contactDetails: text,
  stopChoice: text,
  done: text,
});

export const Script = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes'),
    version: z.number().int().positive(),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must look like en-GB'),
    title: text,
    audience: z.enum(['carer', 'person', 'care-home']),
    /** Ratings at or under this value are followed by "what would help?". */
    helpThreshold: z.number().int(),
    defaultScale: text,
    scales: z.record(z.string(), RatingScale),
    groups: z.array(ScriptGroup).min(1),
    outcomes: z.array(ScriptOutcome).min(1),
    commands: CommandWords,
    /** Words that, followed by a reference code, carry on a paused conversation ("resume ABCD-EFGH-JK"). */
    resumeWords: z.array(text).min(1),
    rights: RightsWords,
    /** How people answer (dialogs/replies/LOCALE.yaml), added by the loader when the script has none of its own. */
    replies: ReplyPhrases.default(NO_REPLY_PHRASES),
    commandLabels: z.object({ back: text, skip: text, pause: text, help: text, startAgain: text, stop: text }),
    text: ScriptText,
    safety: SafetyText,
    help: HelpText,
  })
  .superRefine((s, ctx) => {
    if (!s.scales[s.defaultScale]) {
      ctx.addIssue({ code: 'custom', path: ['defaultScale'], message: `unknown scale "${s.defaultScale}" (known: ${Object.keys(s.scales).join(', ')})` });
    }
    const groups = new Set(s.groups.map((g) => g.id));
    const seen = new Set<string>();
    s.outcomes.forEach((o, i) => {
      if (!groups.has(o.group))
        ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'group'], message: `unknown group "${o.group}" (known: ${[...groups].join(', ')})` });
      if (o.scale && !s.scales[o.scale])
        ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'scale'], message: `unknown scale "${o.scale}" (known: ${Object.keys(s.scales).join(', ')})` });
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'id'], message: `duplicate outcome id "${o.id}"` });
      seen.add(o.id);
    });
  });
export type Script = z.infer<typeof Script>;

export function scaleFor(script: Script, outcome: ScriptOutcome): RatingScale {
  return script.scales[outcome.scale ?? script.defaultScale];
}
