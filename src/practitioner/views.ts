// What practitioners are shown: each reply as an Adaptive Card (cards/practitioner-*.json) and the
// same content as plain text. Wording comes from dialogs/practitioner.yaml; nothing is written here.
import type * as ACData from 'adaptivecards-templating';
import { cardFile } from '../cards/card-file.js';
import { fillText } from '../conversation/fill-text.js';
import type { Script } from '../conversation/script.js';
import type { FlagNotice } from '../privacy/flag-notices.js';
import type { OutcomeAnswer, OutcomeRecord } from '../records/record.js';
import { showDate } from './dates.js';
import type { Queue } from './queue.js';
import { shortRef } from './record-ref.js';
import type { Roster } from './roster.js';
import type { PractitionerWording } from './wording.js';

export interface PractitionerReply {
  text: string;
  card: Record<string, unknown>;
  /** Marked urgent for Teams (a safety flag). */
  urgent?: boolean;
}

export interface Line {
  label: string;
  value: string;
}

export interface Button {
  title: string;
  data: Record<string, unknown>;
}

export interface MessageOptions {
  title?: string;
  lines?: (string | Line)[];
  facts?: Line[];
  buttons?: Button[];
  /** A text box whose content is posted as `text` with the first button (which should be a reply). */
  input?: { label: string; multiline?: boolean };
  urgent?: boolean;
}

const CARD_FILES = ['practitioner-message', 'practitioner-queue', 'practitioner-record', 'practitioner-view'] as const;
type CardFile = (typeof CARD_FILES)[number];

function template(name: CardFile): ACData.Template {
  return cardFile(name);
}

/** Loads every practitioner card now, so a broken one stops start-up rather than a practitioner's turn. */
export function loadPractitionerCards(): void {
  for (const name of CARD_FILES) template(name);
}

function expand(name: CardFile, data: Record<string, unknown>, text: string): Record<string, unknown> {
  const card = template(name).expand({ $root: data }) as Record<string, unknown>;
  return { ...card, fallbackText: text };
}

/** Buttons in rows of at most four, which Teams shows without folding them away. */
function rows(buttons: Button[], inputs: 'auto' | 'none' = 'none'): { items: (Button & { inputs: string })[] }[] {
  const out: { items: (Button & { inputs: string })[] }[] = [];
  for (let i = 0; i < buttons.length; i += 4) out.push({ items: buttons.slice(i, i + 4).map((b) => ({ ...b, inputs })) });
  return out;
}

function lineText(line: Line): string {
  return line.label ? `${line.label}: ${line.value}` : line.value;
}

// Made once: making a formatter costs far more than using one (about a millisecond, on every stored record's notice).
const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/London' });
const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeZone: 'Europe/London' });

/** "26/11/2026, 10:00" in Scotland's time. */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return WHEN.format(d);
}

function day(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return DAY.format(d);
}

export class PractitionerViews {
  constructor(
    readonly words: PractitionerWording,
    private scripts: Script[],
    private roster: Roster,
    private maxTextLength: number,
    /** How review answers (fully / partly / not met) are worded: the review file's labels. */
    private reviewLabels: Record<string, string> = {},
  ) {}

  private get l() {
    return this.words.labels;
  }

  private get b() {
    return this.words.buttons;
  }

  scriptTitle(id: string): string {
    return this.scripts.find((s) => s.id === id)?.title ?? this.l.scriptOther;
  }

  /**
   * An outcome's heading: its plain title (what the person was shown) beside the framework's label
   * staff know, or the label alone where the script has no title or the outcome is no longer in it.
   */
  outcomeName(record: OutcomeRecord, o: OutcomeAnswer, forPerson = false): string {
    const outcome = this.scripts.find((s) => s.id === record.script.id)?.outcomes.find((x) => x.id === o.id) as { title?: string } | undefined;
    const title = outcome?.title;
    if (!title || title === o.label) return o.label;
    return forPerson ? title : fillText(this.l.outcomeTitle, { title, label: o.label });
  }

  /** Who answered; for family or a friend, who they are to the person ("their son or daughter"). */
  answeredBy(record: OutcomeRecord): string {
    const who = this.l.answeredByValues[record.answeredBy];
    const relationship = record.answeredBy === 'family-or-friend' && record.answeredFor ? this.l.answeredForValues[record.answeredFor.relationship] : undefined;
    return relationship ? fillText(this.l.answeredForLine, { answeredBy: who, relationship }) : who;
  }

  /** "web chat" for webchat and directline: practitioners never read a channel id. */
  channelName(id: string): string {
    return Object.hasOwn(this.l.channelNames, id) ? this.l.channelNames[id] : this.l.channelOther;
  }

  /** "someone may be hurting them" for harm-from-others; an organisation's own category with spaces for hyphens. */
  categoryWords(categories: readonly string[]): string {
    return categories.map((c) => (Object.hasOwn(this.l.safetyCategories, c) ? this.l.safetyCategories[c] : c.replace(/-/g, ' '))).join('; ');
  }

  nameOf(key: string | undefined): string {
    if (!key) return this.l.nobody;
    return this.roster.byKey(key)?.name ?? this.l.someone;
  }

  fill(template: string, values: Record<string, string | number> = {}): string {
    return fillText(template, values);
  }

  message(options: MessageOptions): PractitionerReply {
    const lines = (options.lines ?? []).map((l) => (typeof l === 'string' ? { label: '', value: l } : l));
    const facts = options.facts ?? [];
    const text = [options.title, ...lines.map(lineText), ...facts.map(lineText)].filter(Boolean).join('\n\n');
    const input = options.input
      ? { show: true, label: options.input.label, multiline: options.input.multiline ?? false, maxLength: this.maxTextLength, required: options.input.label }
      : { show: false, label: '', multiline: false, maxLength: 0, required: '' };
    const card = expand(
      'practitioner-message',
      {
        title: options.title ?? '',
        urgent: options.urgent === true,
        lines,
        facts,
        input,
        buttonRows: rows(options.buttons ?? [], options.input ? 'auto' : 'none'),
      },
      text,
    );
    return { text, card, urgent: options.urgent };
  }

  /** A question with an answer box; the answer comes back as a reply. */
  ask(question: string, options: { multiline?: boolean } = {}): PractitionerReply {
    return this.message({
      lines: [question],
      input: { label: question, multiline: options.multiline },
      buttons: [
        { title: this.b.send, data: { pr: 'reply' } },
        { title: this.b.cancel, data: { pr: 'cancel' } },
      ],
    });
  }

  say(template: string, values: Record<string, string | number> = {}, buttons: Button[] = []): PractitionerReply {
    return this.message({ lines: [fillText(template, values)], buttons });
  }

  help(): PractitionerReply {
    const h = this.words.help;
    return this.message({
      title: h.title,
      lines: [h.intro],
      facts: h.items.map((i) => ({ label: i.usage, value: i.what })),
      buttons: [{ title: this.b.queue, data: { pr: 'queue' } }],
    });
  }

  welcome(name: string): PractitionerReply {
    return this.message({
      lines: [fillText(this.words.text.welcome, { name })],
      buttons: [
        { title: this.b.queue, data: { pr: 'queue' } },
        { title: this.b.help, data: { pr: 'help' } },
      ],
    });
  }

  private queueLine(r: OutcomeRecord): string {
    return fillText(this.l.queueItem, { ref: shortRef(r.id), script: this.scriptTitle(r.script.id), date: when(r.confirmedAt) });
  }

  queue(q: Queue): PractitionerReply {
    const t = this.words.text;
    const section = (heading: string, empty: string, list: OutcomeRecord[], total: number) => ({
      heading,
      empty,
      items: list.map((r) => ({
        line: this.queueLine(r),
        flagged: r.safeguardingFlag.flagged,
        flagLabel: this.l.flagged,
        ref: shortRef(r.id),
        button: this.b.open,
      })),
      more: total > list.length ? fillText(t.queueMore, { count: total - list.length }) : '',
    });
    const sections = [
      section(fillText(t.queueWaiting, { count: q.waitingTotal }), t.queueWaitingNone, q.waiting, q.waitingTotal),
      section(fillText(t.queueMine, { count: q.mineTotal }), t.queueMineNone, q.mine, q.mineTotal),
    ];
    if (q.flags?.length) {
      const total = q.flagsTotal ?? q.flags.length;
      sections.unshift({
        heading: fillText(t.queueFlags, { count: total }),
        empty: '',
        items: q.flags.map((f) => ({
          line: fillText(t.queueFlagItem, {
            date: when(f.at),
            script: f.script ? this.scriptTitle(f.script) : this.l.scriptOther,
            channel: this.channelName(f.channel),
            categories: this.categoryWords(f.categories),
          }),
          flagged: true,
          flagLabel: this.l.flagged,
          ref: f.ref,
          button: this.b.open,
        })),
        more: total > q.flags.length ? fillText(t.queueMore, { count: total - q.flags.length }) : '',
      });
    }
    const text = [
      t.queueTitle,
      ...sections.map((s) =>
        [s.heading, ...(s.items.length ? s.items.map((i) => `- ${i.flagged ? `${this.l.flagged}: ` : ''}${i.line}`) : [s.empty]), s.more]
          .filter(Boolean)
          .join('\n'),
      ),
    ].join('\n\n');
    const card = expand('practitioner-queue', { title: t.queueTitle, sections, buttons: [{ title: this.b.help, data: { pr: 'help' } }] }, text);
    return { text, card };
  }

  /**
   * A safety flag with no record: when, which kinds, where, whether the person shared it, and how and when they
   * may be contacted if they said so. Their contact answer is typed by them, so it is a line, not a fact (Teams
   * reads fact values as markdown).
   */
  flag(notice: FlagNotice, options: { showWords?: boolean } = {}): PractitionerReply {
    const f = this.words.flag;
    const contact = notice.contact;
    const facts: Line[] = [
      {
        label: f.when,
        value: notice.firstAt === notice.lastAt ? when(notice.firstAt) : fillText(f.whenBoth, { first: when(notice.firstAt), last: when(notice.lastAt) }),
      },
      { label: f.kinds, value: this.categoryWords(notice.categories) },
      {
        label: f.where,
        value: fillText(f.whereValue, {
          script: notice.script ? this.scriptTitle(notice.script) : this.l.scriptOther,
          channel: this.channelName(notice.channel),
        }),
      },
      { label: f.shared, value: f.sharedValues[notice.sharing ?? 'unanswered'] },
    ];
    const contactLines: Line[] = !contact
      ? [{ label: f.contact, value: f.contactNotAnswered }]
      : contact.method === 'none'
        ? [{ label: f.contact, value: this.l.contactValues.none }]
        : [
            { label: f.contact, value: fillText(this.l.contactValues[contact.method], { detail: contact.detail ?? '' }) },
            ...(contact.method === 'phone' ? [{ label: f.safeTimes, value: contact.when ?? f.anyTime }] : []),
          ];
    const buttons: Button[] = [
      ...(notice.recordId ? [{ title: this.b.open, data: { pr: 'open', ref: shortRef(notice.recordId) } }] : []),
      { title: this.b.queue, data: { pr: 'queue' } },
    ];
    const words: Line[] = options.showWords ? (notice.words ?? []).map((w) => ({ label: f.words, value: w })) : [];
    return this.message({
      title: fillText(f.title, { ref: shortRef(notice.id) }),
      facts,
      lines: [...contactLines, ...words, f.advice],
      buttons,
      urgent: true,
    });
  }

  private rating(o: OutcomeAnswer): string {
    if (o.status === 'declined') return this.l.declined;
    if (o.status === 'not-applicable') return this.l.notApplicable;
    if (!o.rating) return this.l.notAnswered;
    return fillText(this.l.ratingValue, { label: o.rating.label, value: o.rating.value, max: o.rating.max });
  }

  private changeFrom(o: OutcomeAnswer, earlier: OutcomeRecord[]): Line | undefined {
    if (!o.rating) return undefined;
    const before = earlier.find((r) => r.mode !== 'review' && r.outcomes.some((x) => x.id === o.id && x.rating));
    const then = before?.outcomes.find((x) => x.id === o.id)?.rating;
    if (!before || !then) return undefined;
    const diff = o.rating.value - then.value;
    const change = diff > 0 ? fillText(this.l.changeUp, { n: diff }) : diff < 0 ? fillText(this.l.changeDown, { n: -diff }) : this.l.changeSame;
    return {
      label: fillText(this.l.changeSince, { date: day(before.confirmedAt) }),
      value: fillText(this.l.changeValue, { then: then.label, now: o.rating.label, change }),
    };
  }

  private outcomeLines(o: OutcomeAnswer, record: OutcomeRecord, earlier: OutcomeRecord[]): Line[] {
    const lines: Line[] = [];
    if (record.mode === 'review') {
      if (o.review?.met) lines.push({ label: this.l.reviewMet, value: this.reviewLabel(o.review.met) });
      if (o.review?.why) lines.push({ label: this.l.reviewWhy, value: o.review.why });
      if (o.review?.next) lines.push({ label: this.l.reviewNext, value: o.review.next });
      if (!lines.length) lines.push({ label: this.l.reviewMet, value: this.l.notAnswered });
      return lines;
    }
    lines.push({ label: this.l.rating, value: this.rating(o) });
    if (o.practitionerRating) lines.push({ label: this.l.practitionerView, value: `${o.practitionerRating.label} (${o.practitionerRating.value})` });
    if (o.ownWords) lines.push({ label: this.l.ownWords, value: o.ownWords });
    if (o.whatWouldHelp) lines.push({ label: this.l.whatWouldHelp, value: o.whatWouldHelp });
    const change = this.changeFrom(o, earlier);
    if (change) lines.push(change);
    return lines;
  }

  private reviewLabel(level: string): string {
    return this.reviewLabels[level] ?? level;
  }

  /** The record card. `earlier`: the person's other visible records confirmed before this one, newest first. */
  record(record: OutcomeRecord, earlier: OutcomeRecord[], safetyContact?: FlagNotice['contact']): PractitionerReply {
    const l = this.l;
    const ref = shortRef(record.id);
    const flagged = record.safeguardingFlag.flagged;
    const contact = record.contact;
    const facts: Line[] = [
      { label: l.script, value: this.scriptTitle(record.script.id) },
      { label: l.mode, value: l.modes[record.mode] },
      { label: l.answeredBy, value: this.answeredBy(record) },
      { label: l.channel, value: this.channelName(record.channel) },
      { label: l.confirmed, value: when(record.confirmedAt) },
      { label: l.sharing, value: l.sharingValues[record.sharing] },
      { label: l.status, value: l.statusValues[record.followUp.status] },
      { label: l.assignee, value: this.nameOf(record.followUp.assignee) },
    ];
    // Apart from the facts: a contact detail is typed by the person, and Teams reads fact values as markdown.
    // Asked after a safety flag, how and when it is safe to get in touch comes before the contact given at the end.
    const safe = safetyContact && safetyContact.method !== 'none' ? safetyContact : undefined;
    const contactLine: Line = safe
      ? {
          label: this.words.flag.contact,
          value: fillText(this.words.flag.contactSafeTimes, {
            how: fillText(l.contactValues[safe.method], { detail: safe.detail ?? '' }),
            when: safe.when ?? this.words.flag.anyTime,
          }),
        }
      : { label: l.contact, value: fillText(l.contactValues[contact.method], { detail: contact.detail ?? '' }) };
    const safety = flagged ? fillText(l.safetyFlagged, { categories: this.categoryWords(record.safeguardingFlag.categories) }) : l.safetyNone;
    // Outcomes the person said nothing about are counted, not listed; numbers stay the script's order.
    const said = (o: OutcomeAnswer) => o.status !== 'skipped' || Boolean(o.ownWords || o.whatWouldHelp || o.priority || o.practitionerRating || o.review);
    const unsaid = record.outcomes.filter((o) => !said(o)).length;
    const outcomes = record.outcomes
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => said(o))
      .map(({ o, i }) => ({ title: `${i + 1}. ${this.outcomeName(record, o)}`, priority: o.priority, lines: this.outcomeLines(o, record, earlier) }));
    const earlierItems = earlier.map((r) => ({
      line: fillText(l.earlierItem, { date: day(r.confirmedAt), ref: shortRef(r.id), mode: l.modes[r.mode] }),
      ref: shortRef(r.id),
    }));
    const notes = record.followUp.notes.map((n) => fillText(l.note, { date: when(n.at), by: this.nameOf(n.by), text: n.text }));
    const actions = record.followUp.actions.map((a, i) => ({
      n: i + 1,
      ref,
      done: a.done,
      line: fillText(a.done ? l.actionDone : l.action, { n: i + 1, what: a.what, who: a.who, byWhen: a.byWhen ? showDate(a.byWhen) : l.noDate }),
    }));
    const b = this.b;
    const buttons: Button[] = [];
    if (!record.followUp.assignee && record.followUp.status !== 'done') buttons.push({ title: b.claim, data: { pr: 'claim', ref } });
    buttons.push({ title: b.note, data: { pr: 'note', ref } }, { title: b.action, data: { pr: 'action', ref } });
    if (record.followUp.status !== 'done') buttons.push({ title: b.close, data: { pr: 'close', ref } });
    buttons.push({ title: b.review, data: { pr: 'review', ref } });
    if (record.mode === 'with-practitioner') buttons.push({ title: b.view, data: { pr: 'view', ref } });
    buttons.push({ title: b.export, data: { pr: 'export', ref } }, { title: b.queue, data: { pr: 'queue' } });
    const subtitle = record.previousRecordId ? fillText(l.reviewOf, { ref: shortRef(record.previousRecordId) }) : '';
    const title = fillText(l.record, { ref });
    const notSaid = unsaid ? fillText(l.notAnsweredCount, { count: unsaid }) : '';

    const text = [
      [title, subtitle, safety].filter(Boolean).join('\n'),
      [...facts, contactLine].map(lineText).join('\n'),
      record.whatMatters ? `${l.whatMatters}: ${record.whatMatters}` : '',
      [
        l.outcomes,
        ...outcomes.map((o) => [o.title, ...(o.priority ? [`   ${l.priority}`] : []), ...o.lines.map((x) => `   ${lineText(x)}`)].join('\n')),
        ...(unsaid ? [notSaid] : []),
      ].join('\n\n'),
      [l.earlier, ...(earlierItems.length ? earlierItems.map((e) => `- ${e.line}`) : [l.earlierNone])].join('\n'),
      [l.notes, ...(notes.length ? notes.map((n) => `- ${n}`) : [l.notesNone])].join('\n'),
      [l.actions, ...(actions.length ? actions.map((a) => `- ${a.line}`) : [l.actionsNone])].join('\n'),
    ]
      .filter(Boolean)
      .join('\n\n');
    const card = expand(
      'practitioner-record',
      {
        title,
        subtitle,
        flagged,
        safety,
        facts,
        contact: contactLine,
        whatMatters: { label: l.whatMatters, value: record.whatMatters ?? '' },
        outcomes,
        notSaid,
        earlier: earlierItems,
        notes,
        actions,
        labels: { ...l, open: b.open, markDone: b.done },
        buttonRows: rows(buttons),
      },
      text,
    );
    return { text, card, urgent: flagged };
  }

  /** The card where a practitioner records their own view beside the person's ratings. */
  viewForm(record: OutcomeRecord, scale: { value: number; label: string }[]): PractitionerReply {
    const ref = shortRef(record.id);
    const t = this.words.text;
    const outcomes = record.outcomes
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => o.status === 'answered' && o.rating)
      .map(({ o, i }) => ({
        id: `o${i + 1}`,
        label: `${i + 1}. ${this.outcomeName(record, o)}: ${this.rating(o)}`,
        choices: [{ title: t.viewSame, value: 'same' }, ...scale.map((s) => ({ title: `${s.value}. ${s.label}`, value: String(s.value) }))],
      }));
    const title = fillText(this.l.record, { ref });
    const text = [title, t.viewIntro, ...outcomes.map((o) => o.label), fillText(t.viewUsage, { ref })].join('\n\n');
    const card = expand('practitioner-view', { title, intro: t.viewIntro, outcomes, ref, save: this.b.save, cancel: this.b.cancel }, text);
    return { text, card };
  }

  /** A plain copy for the person: what they said and what was agreed; no internal notes. */
  exportCopy(record: OutcomeRecord): PractitionerReply {
    const l = this.l;
    const ref = shortRef(record.id);
    const parts: string[] = [];
    if (record.whatMatters) parts.push(`${l.whatMatters}: ${record.whatMatters}`);
    record.outcomes.forEach((o, i) => {
      if (record.mode === 'review' && !o.review) return;
      if (record.mode !== 'review' && o.status === 'skipped' && !o.ownWords) return;
      const lines = this.outcomeLines(o, record, []).filter((x) => x.label !== l.practitionerView);
      parts.push(
        [`${i + 1}. ${this.outcomeName(record, o, true)}`, ...(o.priority ? [`   ${l.priority}`] : []), ...lines.map((x) => `   ${lineText(x)}`)].join('\n'),
      );
    });
    const actions = record.followUp.actions.map((a, i) =>
      fillText(a.done ? l.actionDone : l.action, { n: i + 1, what: a.what, who: a.who, byWhen: a.byWhen ? showDate(a.byWhen) : l.noDate }),
    );
    if (actions.length) parts.push([l.actions, ...actions.map((a) => `- ${a}`)].join('\n'));
    const title = fillText(this.words.text.exportTitle, { ref });
    return this.message({ title, lines: [this.words.text.exportIntro, ...parts] });
  }

  scriptChooser(scripts: Script[]): PractitionerReply {
    return this.message({
      lines: [this.words.text.startWhich],
      buttons: scripts.map((s) => ({ title: s.title, data: { pr: 'start', script: s.id } })),
    });
  }
}
