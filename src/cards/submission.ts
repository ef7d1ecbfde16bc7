// Turns an Action.Submit value from a conversation card into the words a person would have typed.
import { z } from 'zod';

export const MAX_ANSWER_LENGTH = 500;
/** A bound on what a card can post; the engine applies the organisation's own, lower, limit. */
const MAX_SUBMITTED_TEXT_LENGTH = 20000;

/** Buttons post `{answer}`; the Send buttons post `{kind}` plus the input's value (`text` or `choices`). */
const CardSubmission = z.object({
  answer: z.string().min(1).max(MAX_ANSWER_LENGTH).optional(),
  kind: z.enum(['text', 'choices', 'areas']).optional(),
  text: z.string().max(MAX_SUBMITTED_TEXT_LENGTH).optional(),
  /** Input.ChoiceSet with isMultiSelect posts the chosen values joined by commas. */
  choices: z.string().max(MAX_SUBMITTED_TEXT_LENGTH).optional(),
});
type CardSubmission = z.infer<typeof CardSubmission>;

/** The quick-pass card posts one value per area list it showed: `area1: "3"`, `area2: "declined"`. */
const AreaValue = z.string().regex(/^(?:\d{1,2}|declined|na)$/);
const MAX_AREAS = 30;

export type SubmissionResult = { ok: true; text: string } | { ok: false; reason: string };

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.');
  if (issue.code === 'too_big') return `${field} is longer than ${String(issue.maximum)} characters`;
  if (issue.code === 'too_small') return `${field} is empty`;
  if (issue.code === 'invalid_value') return `${field} must be "text", "choices" or "areas"`;
  return `${field} must be ${issue.code === 'invalid_type' ? `a ${issue.expected}` : 'valid'}`;
}

export function submissionToText(value: unknown): SubmissionResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'the card submission is not an object' };
  }
  const parsed = CardSubmission.safeParse(value);
  if (!parsed.success) return { ok: false, reason: describe(parsed.error.issues[0]) };
  const s = parsed.data;
  if (s.answer !== undefined) return { ok: true, text: s.answer };
  if (s.kind === 'text') {
    if (!s.text?.trim()) return { ok: false, reason: 'the answer box was empty' };
    return { ok: true, text: s.text };
  }
  if (s.kind === 'areas') {
    const picked = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => /^area\d{1,2}$/.test(k))
      .slice(0, MAX_AREAS)
      .filter(([, v]) => typeof v === 'string' && v !== '');
    if (picked.some(([, v]) => !AreaValue.safeParse(v).success)) return { ok: false, reason: 'an area was given an answer that is not on the list' };
    if (!picked.length) return { ok: false, reason: 'nothing was chosen' };
    // The words a person could type themselves: "1: 3; 2: 4".
    return { ok: true, text: picked.map(([k, v]) => `${k.slice(4)}: ${String(v)}`).join('; ') };
  }
  if (s.kind === 'choices') {
    const picked = (s.choices ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (!picked.length) return { ok: false, reason: 'nothing was chosen' };
    return { ok: true, text: picked.join(', ') };
  }
  return { ok: false, reason: 'the card submission has neither an answer nor a kind' };
}
