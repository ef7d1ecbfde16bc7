// The card layer's own wording (buttons, input labels, summary captions), kept as data in cards/labels/.
import { z } from 'zod';
import { readCardJson } from './files.js';

export const CardLabels = z.object({
  send: z.string().min(1),
  yourAnswer: z.string().min(1),
  answerNeeded: z.string().min(1),
  /** `{max}` is the most a person may choose. */
  chooseUpTo: z.string().min(1),
  chooseAny: z.string().min(1),
  choiceNeeded: z.string().min(1),
  rating: z.string().min(1),
  inYourWords: z.string().min(1),
  whatWouldHelp: z.string().min(1),
  priority: z.string().min(1),
  safetyHeading: z.string().min(1),
  /** Plain text for a choice whose words differ from its label: `{label}` and `{value}`. */
  choiceWithWords: z.string().min(1),
  /** Heads each part of a message too long to send whole: `{n}` and `{total}`. */
  part: z.string().min(1),
  /** The placeholder of each area's list on the quick-pass card. */
  pickOne: z.string().min(1),
  /** The one button that opens back, skip, pause and help, so the question's own answers come first. */
  moreOptions: z.string().min(1),
});
export type CardLabels = z.infer<typeof CardLabels>;

let cached: CardLabels | undefined;

export function cardLabels(): CardLabels {
  if (cached) return cached;
  const { json, shown } = readCardJson('labels/en.json');
  const parsed = CardLabels.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${shown}:${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  cached = parsed.data;
  return cached;
}
