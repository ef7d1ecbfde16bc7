// The shape of dialogs/practitioner.yaml: every word the bot says to practitioners and every command
// word they can type. Checked at start-up; a problem stops the server with one line naming the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ScriptError } from '../conversation/script-loader.js';
import { formatZodIssue } from '../conversation/zod-message.js';

const text = z.string().trim().min(1, 'must not be empty');
const words = z.array(text).min(1);

export const COMMANDS = ['help', 'queue', 'open', 'claim', 'note', 'action', 'done', 'close', 'start', 'review', 'view', 'export', 'carryOn', 'cancel', 'setAside'] as const;
export type CommandName = (typeof COMMANDS)[number];

const labels = z.object({
  record: text,
  script: text,
  mode: text,
  modes: z.object({ self: text, 'with-practitioner': text, review: text }),
  answeredBy: text,
  answeredByValues: z.object({ person: text, carer: text, 'practitioner-on-behalf': text }),
  channel: text,
  confirmed: text,
  sharing: text,
  sharingValues: z.object({ shared: text, private: text }),
  status: text,
  statusValues: z.object({ new: text, claimed: text, 'in-progress': text, done: text }),
  assignee: text,
  nobody: text,
  safety: text,
  safetyFlagged: text,
  safetyNone: text,
  contact: text,
  contactValues: z.object({ none: text, phone: text, email: text }),
  whatMatters: text,
  outcomes: text,
  rating: text,
  ownWords: text,
  whatWouldHelp: text,
  priority: text,
  practitionerView: text,
  notAnswered: text,
  notAnsweredCount: text,
  declined: text,
  notApplicable: text,
  reviewMet: text,
  reviewWhy: text,
  reviewNext: text,
  reviewOf: text,
  earlier: text,
  earlierNone: text,
  earlierItem: text,
  changeSince: text,
  changeValue: text,
  changeUp: text,
  changeDown: text,
  changeSame: text,
  notes: text,
  notesNone: text,
  note: text,
  actions: text,
  actionsNone: text,
  action: text,
  actionDone: text,
  noDate: text,
  flagged: text,
  someone: text,
  ratingValue: text,
  queueItem: text,
});

export const PractitionerWording = z.object({
  id: z.literal('practitioner'),
  version: z.number().int().positive(),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must look like en-GB'),
  commands: z.object(Object.fromEntries(COMMANDS.map((c) => [c, words])) as Record<CommandName, typeof words>),
  help: z.object({ title: text, intro: text, items: z.array(z.object({ usage: text, what: text })).min(1) }),
  /** The command menu in the Teams app package. */
  teamsCommands: z.array(z.object({ title: z.string().trim().min(1).max(32), description: z.string().trim().min(1).max(128) })).min(1).max(10),
  labels,
  buttons: z.object({
    open: text,
    claim: text,
    note: text,
    action: text,
    close: text,
    review: text,
    export: text,
    queue: text,
    help: text,
    send: text,
    cancel: text,
    save: text,
    carryOn: text,
    done: text,
    view: text,
  }),
  text: z.object({
    welcome: text,
    notUnderstood: text,
    badSubmission: text,
    needRef: text,
    notFound: text,
    ambiguous: text,
    queueTitle: text,
    queueWaiting: text,
    queueWaitingNone: text,
    queueMine: text,
    queueMineNone: text,
    queueMore: text,
    queueFlags: text,
    queueFlagItem: text,
    claimed: text,
    alreadyYours: text,
    claimedByOther: text,
    notePrompt: text,
    noteAdded: text,
    actionWhat: text,
    actionWho: text,
    actionByWhen: text,
    actionByWhenInvalid: text,
    noDateWords: words,
    actionAdded: text,
    actionMarkedDone: text,
    actionNotFound: text,
    actionAlreadyDone: text,
    whichAction: text,
    closed: text,
    alreadyClosed: text,
    textTooLong: text,
    cancelled: text,
    nothingToCancel: text,
    startWhich: text,
    unknownScript: text,
    startIntro: text,
    setAsideDone: text,
    nothingToCarryOn: text,
    carryingOn: text,
    onBehalfSaved: text,
    onBehalfPrivate: text,
    onBehalfStopped: text,
    viewIntro: text,
    viewSame: text,
    viewSaved: text,
    viewNone: text,
    viewUsage: text,
    viewBadOutcome: text,
    viewBadRating: text,
    viewNotHeld: text,
    reviewNothing: text,
    reviewIntro: text,
    reviewSaved: text,
    reviewStopped: text,
    exportTitle: text,
    exportIntro: text,
    setAsideExists: text,
    personalOnly: text,
  }),
  notify: z.object({ newTitle: text, newBody: text, urgentTitle: text, urgentBody: text, liveTitle: text, liveBody: text }),
});
export type PractitionerWording = z.infer<typeof PractitionerWording>;

export function loadPractitionerWording(dir: string, id = 'practitioner'): PractitionerWording {
  const file = path.join(dir, `${id}.yaml`);
  const where = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScriptError(`${where}: ${code === 'ENOENT' ? 'file not found' : `not valid YAML (${(err as Error).message.split('\n')[0]})`}`);
  }
  const parsed = PractitionerWording.safeParse(raw);
  if (!parsed.success) throw new ScriptError(formatZodIssue(where, parsed.error));
  return parsed.data;
}
