// Validates a card with the adaptivecards library itself, read as version 1.5 (the highest Teams renders).
// Its ESM entry does not load in Node, so the UMD build is required (see STACK.md).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new (targetVersion?: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_5: unknown };
};

/** Every parse and validation message the library raises; an empty list is a good card. */
export function cardProblems(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const found: string[] = [];
  for (let i = 0; i < context.eventCount; i++) found.push(context.getEventAt(i).message);
  return [...found, ...parsed.validateProperties().validationEvents.map((e) => e.message)];
}
