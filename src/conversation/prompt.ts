// What the engine asks a channel to show. Channels render a prompt as a card and as plain text.
import type { Ask } from './prompt-ask.js';

export interface Choice {
  /** What the choice stands for (a script id, a text key like "keepPrivate", an outcome id); not shown. */
  id?: string;
  label: string;
  /** Exactly the words a person could type instead of pressing the button. */
  value: string;
  /** Other words that name this choice when typed ("phone", "call", "ring"). Not shown. */
  keywords?: string[];
  /** The choice a plain yes or no stands for, where one does ("No, thank you" is a no). */
  means?: 'yes' | 'no';
}

export interface SummaryItem {
  number: number;
  title: string;
  rating?: string;
  /** What the rating line is called when it is not a rating (a review: "Has it happened"). */
  ratingLabel?: string;
  ownWords?: string;
  whatWouldHelp?: string;
  priority?: boolean;
  /** Plain detail that is not the person's own words (e.g. the list of priorities they picked). */
  detail?: string;
}

interface QuickArea {
  /** The number it can be typed with ("1: 3"). */
  number: number;
  title: string;
}

export interface Prompt {
  /** Which card template renders it: cards/NAME.json. */
  card: 'message' | 'question' | 'multi-choice' | 'summary' | 'safety' | 'quick-pass';
  /** What kind of answer the question waits for, and which outcomes it is about (channelData for clients). */
  ask?: Ask;
  outcomes?: string[];
  /** quick-pass: the areas rated at once, each with the scale in `choices`. */
  areas?: QuickArea[];
  title?: string;
  /** "Step 3 of 9" on outcome steps. */
  progress?: string;
  /** Paragraphs, each plain text. */
  body: string[];
  choices?: Choice[];
  /** For multi-choice: pick up to this many. */
  maxChoices?: number;
  /** True when a free-text answer is expected (the card shows a text box). */
  freeText?: boolean;
  summary?: SummaryItem[];
  /** Safety contacts shown on a safety card. */
  contacts?: { name: string; phone: string; when: string; note?: string }[];
  link?: { label: string; url: string };
  /** Commands shown as small buttons: back, skip, pause, help. */
  commands?: Choice[];
  /** Shown after the choices in plain text, e.g. "You can also type back, skip, pause or help." */
  hint?: string;
}
