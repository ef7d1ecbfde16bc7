// What practitioners do with records, apart from any channel: find, list, open, claim, note, act,
// close, export, record their own view; and managers' headline figures. Every open, change, export
// and view of the figures is written to the audit log.
import { randomUUID } from 'node:crypto';
import type { Practitioner } from '../config.js';
import type { AuditAction, AuditLog } from '../audit/audit-log.js';
import { fillText } from '../conversation/fill-text.js';
import type { EngineSetup } from '../conversation/setup.js';
import { scaleFor } from '../conversation/script.js';
import type { Logger } from '../logger.js';
import type { FlagNotice } from '../privacy/flag-notices.js';
import type { OutcomeRecord } from '../records/record.js';
import { reviewTarget } from '../records/review-record.js';
import type { Store } from '../records/store.js';
import { figuresCard, type FiguresDeps } from './figures.js';
import { FIGURES_MONTHS, readFiguresPeriod } from './figures-period.js';
import {
  addAction,
  addNote,
  claim,
  claimResult,
  closeFollowUp,
  markActionDone,
  setPractitionerRatings,
  visibleToPractitioners,
  type NewAction,
} from './follow-up.js';
import { placeInQueue, queueEntries } from './queue.js';
import { readRef, refMatches, shortRef } from './record-ref.js';
import type { PractitionerReply, PractitionerViews } from './views.js';

export interface Me {
  key: string;
  practitioner: Practitioner;
}

export type Found = { ok: true; record: OutcomeRecord } | { ok: false; reply: PractitionerReply };

export interface DeskDeps {
  store: Store;
  audit: AuditLog;
  views: PractitionerViews;
  setup: EngineSetup;
  scriptTeams: Record<string, string>;
  log: Logger;
  maxTextLength: number;
  /** Safety flags kept without the words (src/privacy/flag-notices.ts), when the organisation passes them on. */
  flagNotices?: { list(): Promise<FlagNotice[]> };
  /** Who may read the words flagged on a flag with no record (safeguarding.policy.matchedWords; default nobody). */
  matchedWords?: 'nobody' | 'managers' | 'team';
  /** The organisation's report settings and wording, for managers' headline figures. */
  report: Pick<FiguresDeps, 'report' | 'text' | 'onDisk'>;
}

export class PractitionerDesk {
  constructor(private d: DeskDeps) {}

  private get t() {
    return this.d.views.words.text;
  }

  private say(template: string, values: Record<string, string | number> = {}): PractitionerReply {
    return this.d.views.say(template, values);
  }

  private async audit(me: Me, action: AuditAction, record: OutcomeRecord, detail?: string): Promise<void> {
    await this.d.audit.append({ who: me.key, action, record: record.id, detail });
    this.d.log.info('practitioner.audit', { action, record: shortRef(record.id) });
  }

  /**
   * Finds a record a practitioner may see by its short reference: one shard's records on the embedded
   * store (the reference starts with the shard), every record on a store that cannot look ids up so.
   */
  async find(ref: string | undefined): Promise<Found> {
    const example = 'open 3FA1-B2C3';
    if (!ref) return { ok: false, reply: this.say(this.t.needRef, { example }) };
    const typed = readRef(ref);
    if (!typed) return { ok: false, reply: this.say(this.t.notFound, { ref }) };
    const matches: OutcomeRecord[] = [];
    const candidates = (await this.d.store.records.withIdPrefix?.(typed)) ?? this.d.store.records.all();
    for await (const r of candidates) {
      if (refMatches(r.id, typed) && visibleToPractitioners(r)) matches.push(r);
      if (matches.length > 1) break;
    }
    if (matches.length === 1) return { ok: true, record: matches[0] };
    return { ok: false, reply: this.say(matches.length ? this.t.ambiguous : this.t.notFound, { ref: ref.toUpperCase() }) };
  }

  async queue(me: Me): Promise<PractitionerReply> {
    const places = await placeInQueue(queueEntries(this.d.store.records), me, this.d.scriptTeams);
    // Only the records shown are read whole (one taken or removed meanwhile is left out).
    const read = async (ids: string[]) => (await Promise.all(ids.map((id) => this.d.store.records.get(id)))).filter((r): r is OutcomeRecord => r !== undefined);
    const queue = { waiting: await read(places.waiting), waitingTotal: places.waitingTotal, mine: await read(places.mine), mineTotal: places.mineTotal };
    // A flag with a record is in the queue as that record; one without is shown on its own, newest first.
    const flags = (await this.flagsFor(me))
      .filter((n) => !n.recordId)
      .sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt))
      .map((n) => ({ at: n.lastAt, script: n.script, channel: n.channel, categories: n.categories, ref: shortRef(n.id) }));
    return this.d.views.queue({ ...queue, flags: flags.slice(0, 5), flagsTotal: flags.length });
  }

  /** The flags this practitioner's team follows up (a manager: every flag). */
  private async flagsFor(me: Me): Promise<FlagNotice[]> {
    const teams = this.d.scriptTeams;
    return ((await this.d.flagNotices?.list()) ?? []).filter(
      (n) => me.practitioner.role === 'manager' || !n.script || !teams[n.script] || teams[n.script] === me.practitioner.team,
    );
  }

  /** A flag with no record yet, by the reference shown in the queue; audited as opened, naming the flag. */
  private async openFlag(me: Me, ref: string): Promise<PractitionerReply | undefined> {
    const typed = readRef(ref);
    if (!typed) return undefined;
    const matches = (await this.flagsFor(me)).filter((n) => refMatches(n.id, typed));
    if (matches.length !== 1) return undefined;
    const notice = matches[0];
    const policy = this.d.matchedWords ?? 'nobody';
    // The words follow the organisation's policy; the audit says whether they were shown.
    const showWords = Boolean(notice.words?.length) && (policy === 'team' || (policy === 'managers' && me.practitioner.role === 'manager'));
    await this.d.audit.append({ who: me.key, action: 'open-flag', record: notice.id, ...(showWords ? { detail: 'words shown' } : {}) });
    this.d.log.info('practitioner.audit', { action: 'open-flag', record: shortRef(notice.id) });
    return this.d.views.flag(notice, { showWords });
  }

  /** The person's other visible records confirmed before this one, newest first. */
  private async earlier(record: OutcomeRecord): Promise<OutcomeRecord[]> {
    const all = await this.d.store.records.bySubject(record.subjectRef);
    return all
      .filter((r) => r.id !== record.id && visibleToPractitioners(r) && Date.parse(r.confirmedAt) < Date.parse(record.confirmedAt))
      .sort((a, b) => Date.parse(b.confirmedAt) - Date.parse(a.confirmedAt));
  }

  async open(me: Me, ref: string | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return (ref && (await this.openFlag(me, ref))) || found.reply;
    await this.audit(me, 'open', found.record);
    // A flagged record: the answer to "may someone get in touch?" after the safety message is on its flag.
    const notice = found.record.safeguardingFlag.flagged ? ((await this.d.flagNotices?.list()) ?? []).find((n) => n.recordId === found.record.id) : undefined;
    return this.d.views.record(found.record, await this.earlier(found.record), notice?.contact);
  }

  /** Runs a change on a found record and audits it. */
  private async change(
    me: Me,
    ref: string | undefined,
    action: AuditAction,
    change: (r: OutcomeRecord) => OutcomeRecord,
    detail?: string,
  ): Promise<{ record?: OutcomeRecord; reply?: PractitionerReply }> {
    const found = await this.find(ref);
    if (!found.ok) return { reply: found.reply };
    const updated = await this.d.store.records.update(found.record.id, change);
    if (!updated) return { reply: this.say(this.t.notFound, { ref: ref ?? '' }) };
    await this.audit(me, action, updated, detail);
    return { record: updated };
  }

  async claim(me: Me, ref: string | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    let result = claimResult(found.record, me.key);
    const updated = await this.d.store.records.update(found.record.id, (r) => {
      result = claimResult(r, me.key);
      return result === 'claimed' ? claim(r, me.key) : r;
    });
    const short = shortRef(found.record.id);
    if (result === 'already-yours') return this.say(this.t.alreadyYours, { ref: short });
    if (result === 'claimed-by-other') return this.say(this.t.claimedByOther, { ref: short, name: this.d.views.nameOf(updated?.followUp.assignee) });
    await this.audit(me, 'claim', updated ?? found.record);
    return this.withOpen(this.t.claimed, short);
  }

  private withOpen(template: string, ref: string, values: Record<string, string | number> = {}): PractitionerReply {
    return this.d.views.say(template, { ref, ...values }, [{ title: this.d.views.words.buttons.open, data: { pr: 'open', ref } }]);
  }

  tooLong(text: string): PractitionerReply | undefined {
    return text.length > this.d.maxTextLength ? this.say(this.t.textTooLong, { max: this.d.maxTextLength }) : undefined;
  }

  async note(me: Me, ref: string | undefined, text: string): Promise<PractitionerReply> {
    const tooLong = this.tooLong(text);
    if (tooLong) return tooLong;
    const now = new Date().toISOString();
    const { record, reply } = await this.change(me, ref, 'note', (r) => addNote(r, me.key, text.trim(), now));
    return reply ?? this.withOpen(this.t.noteAdded, shortRef(record!.id));
  }

  async addAction(me: Me, ref: string | undefined, action: NewAction): Promise<PractitionerReply> {
    const now = new Date().toISOString();
    let n = 0;
    const { record, reply } = await this.change(me, ref, 'action-add', (r) => {
      n = r.followUp.actions.length + 1;
      return addAction(r, me.key, action, randomUUID(), now);
    });
    if (reply) return reply;
    return this.withOpen(this.t.actionAdded, shortRef(record!.id), { n });
  }

  async markDone(me: Me, ref: string | undefined, n: number | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    const short = shortRef(found.record.id);
    if (n === undefined) return this.say(this.t.whichAction, { ref: short });
    const action = found.record.followUp.actions[n - 1];
    if (!action) return this.say(this.t.actionNotFound, { ref: short, n, count: found.record.followUp.actions.length });
    if (action.done) return this.say(this.t.actionAlreadyDone, { ref: short, n });
    const updated = await this.d.store.records.update(found.record.id, (r) => markActionDone(r, me.key, n) ?? r);
    await this.audit(me, 'action-done', updated ?? found.record, `action ${n}`);
    return this.withOpen(this.t.actionMarkedDone, short, { n });
  }

  async close(me: Me, ref: string | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    const short = shortRef(found.record.id);
    if (found.record.followUp.status === 'done') return this.say(this.t.alreadyClosed, { ref: short });
    const updated = await this.d.store.records.update(found.record.id, (r) => closeFollowUp(r, me.key));
    await this.audit(me, 'close', updated ?? found.record);
    return this.say(this.t.closed, { ref: short });
  }

  async exportCopy(me: Me, ref: string | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    await this.audit(me, 'export', found.record);
    return this.d.views.exportCopy(found.record);
  }

  private scaleOf(record: OutcomeRecord) {
    const script = this.d.setup.scripts.find((s) => s.id === record.script.id);
    if (!script) return undefined;
    return (outcomeId: string) => {
      const outcome = script.outcomes.find((o) => o.id === outcomeId);
      return outcome ? scaleFor(script, outcome).options : undefined;
    };
  }

  /** The "your view" card, or the reason it cannot be shown. */
  async viewForm(me: Me, ref: string | undefined): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    return this.viewFormFor(found.record);
  }

  viewFormFor(record: OutcomeRecord): PractitionerReply {
    if (record.mode !== 'with-practitioner') return this.say(this.t.viewNotHeld);
    const scales = this.scaleOf(record);
    const first = record.outcomes.find((o) => o.rating);
    const scale = (first && scales?.(first.id)) ?? [];
    return this.d.views.viewForm(record, scale);
  }

  /** Records the practitioner's rating where it differs from the person's; the person's stays as it was. */
  async setView(me: Me, ref: string | undefined, ratings: { outcome: number; rating: number }[]): Promise<PractitionerReply> {
    const found = await this.find(ref);
    if (!found.ok) return found.reply;
    const record = found.record;
    const short = shortRef(record.id);
    if (record.mode !== 'with-practitioner') return this.say(this.t.viewNotHeld);
    const scales = this.scaleOf(record);
    const changes: { index: number; value: number; label: string }[] = [];
    for (const { outcome, rating } of ratings) {
      const answer = record.outcomes[outcome - 1];
      if (!answer) return this.say(this.t.viewBadOutcome, { ref: short, n: outcome });
      const options = scales?.(answer.id) ?? [];
      const option = options.find((o) => o.value === rating);
      if (!option) {
        const values = options.map((o) => o.value);
        return this.say(this.t.viewBadRating, { rating, min: Math.min(...values), max: Math.max(...values) });
      }
      if (answer.rating?.value !== rating) changes.push({ index: outcome - 1, value: option.value, label: option.label });
    }
    if (!ratings.length) return this.say(this.t.viewUsage, { ref: short });
    if (!changes.length) return this.say(this.t.viewNone);
    const updated = await this.d.store.records.update(record.id, (r) => setPractitionerRatings(r, changes));
    await this.audit(me, 'practitioner-view', updated ?? record, `${changes.length} outcome(s)`);
    return this.withOpen(this.t.viewSaved, short, { count: changes.length });
  }

  /**
   * The headline figures, for managers only. `dates`: the words typed after the command (none, or a
   * first and a last day). Audited before it is built, as "*" (every record), with the period.
   */
  async figures(me: Me, dates: readonly string[], now = new Date()): Promise<PractitionerReply> {
    if (me.practitioner.role !== 'manager') return this.say(this.t.figuresManagersOnly);
    const period = readFiguresPeriod(dates, now);
    if (!period.ok) return this.say(period.problem === 'order' ? this.t.figuresDateOrder : this.t.figuresBadDate, { months: FIGURES_MONTHS });
    await this.d.audit.append({ who: me.key, action: 'figures', record: '*', detail: `${period.from} to ${period.to}` });
    this.d.log.info('practitioner.audit', { action: 'figures' });
    return figuresCard({ records: this.d.store.records, views: this.d.views, ...this.d.report }, period, now);
  }

  /** A record made in Teams with the person (a conversation or a review): the practitioner holds it. */
  async adopt(me: Me, recordId: string, action: 'create' | 'review'): Promise<OutcomeRecord | undefined> {
    // Claimed by them only if the team can see it: a record the person kept private stays out of every queue.
    const updated = await this.d.store.records.update(recordId, (r) => ({ ...(visibleToPractitioners(r) ? claim(r, me.key) : r), practitioner: me.key }));
    if (updated) await this.audit(me, action, updated);
    return updated;
  }

  /** The record a review with this person looks back on: their newest visible record that is not a review. */
  async reviewTargetFor(ref: string | undefined): Promise<Found> {
    const found = await this.find(ref);
    if (!found.ok) return found;
    const target = reviewTarget(await this.d.store.records.bySubject(found.record.subjectRef), visibleToPractitioners);
    return target ? { ok: true, record: target } : { ok: false, reply: this.say(this.t.reviewNothing) };
  }

  fill(template: string, values: Record<string, string | number>): string {
    return fillText(template, values);
  }
}
