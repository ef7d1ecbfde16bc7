// Everything the engine needs besides the state: the scripts on offer, the organisation, and the few
// things only the caller can supply (time, randomness, the safeguarding check), so the engine stays pure.
import type { OrganisationView } from './organisation.js';
import type { Script } from './script.js';

export interface EngineSetup {
  /** Offered scripts, in the order they are offered. */
  scripts: Script[];
  organisation: OrganisationView;
  /** Returns the safeguarding categories a free-text answer matches (none: empty list). */
  safeguarding?: (text: string) => string[];
}

export interface TurnContext {
  /** ISO time of this turn. */
  now: string;
  /** A fresh reference code, used only when the conversation does not have one yet. */
  newCode: () => string;
}

export type Input =
  | { kind: 'text'; text: string }
  /** The caller restored a paused conversation: welcome back and ask the current question again. */
  | { kind: 'resumed' };

export type Effect =
  /** The person confirmed: build and store the record from the state. */
  | { kind: 'complete' }
  /** Keep the state under this code so it can be resumed later. */
  | { kind: 'pause'; code: string }
  /** Forget the in-progress state: nothing is kept. */
  | { kind: 'discard' }
  /** A free-text answer matched the safeguarding phrases. */
  | { kind: 'flag'; categories: string[] };
