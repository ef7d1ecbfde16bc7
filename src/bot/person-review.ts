// Lets a person start a review in their own chat by typing "review" and their reference code, and
// routes their turns to it until it ends. Plugged into PersonConversations as its beforeTurn hook.
import type { ConversationState } from '../conversation/state.js';
import type { PersonCommand } from '../conversation/understanding/read-command.js';
import type { TurnOutput } from './person-turn.js';
import type { ReviewConversations } from './review-turn.js';

export interface BeforeTurnInfo {
  channel?: string;
  stepKey?: string;
  /** Where the person's main conversation is, if they have one. */
  step?: ConversationState['step']['kind'];
  /** The caller's address, when the channel knows it (web chat), for the limits on codes. */
  address?: string;
  /** The message read as a command before the conversation (understanding/read-command.ts). */
  command?: PersonCommand;
}

/** Steps where "review CODE" is read as a request rather than as an answer. */
const OPEN_STEPS = new Set<string>(['choose-script', 'consent', 'done', 'ended']);

export function personReviews(reviews: ReviewConversations) {
  return async (conversationId: string, text: string, info: BeforeTurnInfo): Promise<TurnOutput | undefined> => {
    if (await reviews.active(conversationId)) return reviews.answer(conversationId, text, { stepKey: info.stepKey });
    if (info.step && !OPEN_STEPS.has(info.step)) return undefined;
    // "resume CODE" with the code of a review kept for later carries the review on; any other code is the
    // main conversation's to resume (which counts the try against the limit on codes).
    const command = info.command;
    if (!command || (command.kind !== 'review' && command.kind !== 'resume')) return undefined;
    if (command.kind === 'resume' && (command.code === null || !(await reviews.hasKept(command.code)))) return undefined;
    return reviews.startWithCode(conversationId, command.code, { channel: info.channel ?? 'unknown', address: info.address });
  };
}
