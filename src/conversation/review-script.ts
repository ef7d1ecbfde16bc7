// The shape of dialogs/review.yaml: every sentence of a review conversation. Checked at start-up.
import path from 'node:path';
import { z } from 'zod';
import { ScriptError } from './script-loader.js';
import { readYamlFile } from './yaml-file.js';

const text = z.string().trim().min(1, 'must not be empty');
const choice = z.object({ label: text, aliases: z.array(text).default([]) });
/** A review answer: `label` for the person ("Some of it"), `staffLabel` for practitioners ("Partly met"). */
const metChoice = choice.extend({ staffLabel: text });

export const ReviewScript = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes'),
  version: z.number().int().positive(),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must look like en-GB'),
  title: text,
  /** Words that, followed by a reference code, start a review in the person's own chat. */
  startWords: z.array(text).min(1),
  met: z.object({ fully: metChoice, partly: metChoice, not: metChoice }),
  commands: z.object({
    back: z.array(text).min(1),
    skip: z.array(text).min(1),
    /** Keeps the review for later under the person's code, as pausing the first conversation does. */
    pause: z.array(text).min(1),
    help: z.array(text).min(1),
    stop: z.array(text).min(1),
  }),
  commandLabels: z.object({ back: text, skip: text, help: text, stop: text }),
  text: z.object({
    intro: text,
    privacyNotice: text,
    privacyLinkLabel: text,
    agree: text,
    decline: text,
    declined: text,
    progress: text,
    thenHeading: text,
    thenRating: text,
    thenWords: text,
    thenHelp: text,
    thenPriority: text,
    thenNothing: text,
    metQuestion: text,
    why: text,
    next: text,
    nothingToAdd: text,
    summaryIntro: text,
    summaryMet: text,
    summaryNotAnswered: text,
    confirm: text,
    changeAnswer: text,
    changeWhich: text,
    sharingQuestion: text,
    keepPrivate: text,
    share: text,
    done: text,
    doneShared: text,
    finishedAlready: text,
    notFound: text,
    tooManyTries: text,
    nothingToReview: text,
    stopped: text,
    /** Stopping after something about safety: the review's answers go, but not what was passed on. */
    stoppedAfterFlag: text,
    nothingToGoBackTo: text,
    notUnderstoodChoice: text,
    tooLong: text,
    empty: text,
    commandsHint: text,
    metHeard: text,
    metWhich: text,
    keptWords: text,
    unsureOkay: text,
    missSecond: text,
    leaving: text,
    /** Having to go, in a review started with a code: kept under it. */
    leavingKept: text,
    /** Kept for later after stop, under the person's code. */
    kept: text,
    /** Kept where it is, in a review with no code to give (held by a practitioner). */
    keptHere: text,
    /** Coming back to a kept review with "review CODE". */
    carryingOn: text,
  }),
  help: z.object({ consent: text, met: text, why: text, next: text, summary: text, change: text, sharing: text, done: text }),
  /** "What does this mean?" at each question; the help is said where there is none. */
  explain: z.object({ consent: text, met: text, why: text, next: text, summary: text, change: text, sharing: text }).partial().optional(),
});
export type ReviewScript = z.infer<typeof ReviewScript>;

/** Loads and checks `dir/review.yaml` (or another id); a problem is one ScriptError line naming the file. */
export function loadReviewScript(dir: string, id = 'review'): ReviewScript {
  const file = path.join(dir, `${id}.yaml`);
  const where = path.relative(process.cwd(), file) || file;
  const script = readYamlFile(file, ReviewScript, (m) => new ScriptError(m), { where });
  if (script.id !== id) throw new ScriptError(`${where}: id: must be "${id}" to match the file name, not "${script.id}"`);
  return script;
}
