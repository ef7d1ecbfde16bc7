// Copies a file store's data folder into PostgreSQL and checks the copy: every item is read back from the
// database and its checksum (sha256 of canonical JSON) compared with the source's. Nothing already in
// the database is overwritten; an item that is there with different content is reported, by key only.
// Besides the main store: the practitioners' keyed documents (copied as stored, so sealed values stay
// sealed), the audit and erasure logs (in file order), and the safeguarding notices.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { z } from 'zod';
import { ConversationState } from '../../conversation/state.js';
import { openFileStore } from '../file-store.js';
import { OutcomeRecord } from '../record.js';
import { sha256Hex } from '../record-id.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { recordColumns } from './postgres-store.js';

export interface KindReport {
  /** Items found in the folder. */
  source: number;
  /** Items written now. */
  copied: number;
  /** Items the database already held, identical. */
  alreadyThere: number;
  /** Items read back from the database with a matching checksum. */
  checked: number;
  /** Keys (hashes or record ids, never content) of items whose copy does not match the source. */
  differ: string[];
}

/** The folders and files of the file store's layout beside the main store, and where each goes. */
const KEYED_FOLDERS = ['reviews', 'teams-references', 'practitioner-dialogs'] as const;
const LOGS = [
  { log: 'audit', file: /^audit-\d{4}-\d{2}\.jsonl$/ },
  { log: 'erasures', file: /^erasures-\d{4}-\d{2}\.jsonl$/ },
] as const;

export interface CopyReport {
  /** In the order they are printed. */
  kinds: [string, KindReport][];
  ok: boolean;
}

const STATE_FILE = /^([0-9a-f]{64})\.json$/;
const BATCH = 500;

/** JSON with object keys sorted and undefined left out, so equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function checksum(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function emptyReport(): KindReport {
  return { source: 0, copied: 0, alreadyThere: 0, checked: 0, differ: [] };
}

interface Item<T> {
  key: string;
  value: T;
  sum: string;
}

async function* inBatches<T>(items: AsyncIterable<T>): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** conversations/ or paused/ of the file store's layout: <sha256 of the id or code>.json, each one state. */
async function* stateFiles(dir: string): AsyncIterable<Item<ConversationState>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => STATE_FILE.test(n)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      throw new Error(`${file}: not valid JSON`);
    }
    const parsed = ConversationState.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: not a valid conversation state:\n${z.prettifyError(parsed.error)}`);
    yield { key: STATE_FILE.exec(name)![1], value: parsed.data, sum: checksum(parsed.data) };
  }
}

async function copyStates(db: pg.Pool, table: 'conversation_states' | 'paused_states', items: AsyncIterable<Item<ConversationState>>): Promise<KindReport> {
  const column = table === 'conversation_states' ? 'key_hash' : 'code_hash';
  const report = emptyReport();
  for await (const batch of inBatches(items)) {
    report.source += batch.length;
    for (const item of batch) {
      const inserted = await db.query(`INSERT INTO ${table} (${column}, state) VALUES ($1, $2::jsonb) ON CONFLICT (${column}) DO NOTHING`, [
        item.key,
        encodeJson(item.value),
      ]);
      if (inserted.rowCount === 1) report.copied++;
    }
    const { rows } = await db.query<{ key: string; state: string }>(`SELECT ${column} AS key, state::text AS state FROM ${table} WHERE ${column} = ANY($1)`, [
      batch.map((i) => i.key),
    ]);
    const stored = new Map(rows.map((r) => [r.key, r.state]));
    for (const item of batch) {
      const text = stored.get(item.key);
      const back = text === undefined ? undefined : ConversationState.safeParse(decodeJson(text));
      if (back?.success && checksum(back.data) === item.sum) report.checked++;
      else report.differ.push(item.key);
    }
  }
  return fixAlreadyThere(report);
}

/** Items that were already there but differ are "differ", not "already there". */
function fixAlreadyThere(report: KindReport): KindReport {
  report.alreadyThere = report.source - report.copied - report.differ.length;
  return report;
}

async function* recordItems(dataDir: string): AsyncIterable<Item<OutcomeRecord>> {
  const store = await openFileStore(dataDir);
  try {
    for await (const record of store.records.all()) yield { key: record.id, value: record, sum: checksum(record) };
  } finally {
    await store.close();
  }
}

async function copyRecords(db: pg.Pool, items: AsyncIterable<Item<OutcomeRecord>>): Promise<KindReport> {
  const report = emptyReport();
  for await (const batch of inBatches(items)) {
    report.source += batch.length;
    for (const item of batch) {
      const inserted = await db.query(
        `INSERT INTO records (id, subject_ref, created_at, sharing, flagged, schema_version, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING`,
        recordColumns(item.value),
      );
      if (inserted.rowCount === 1) report.copied++;
    }
    const { rows } = await db.query<{ id: string; body: string }>('SELECT id, body::text AS body FROM records WHERE id = ANY($1)', [batch.map((i) => i.key)]);
    const stored = new Map(rows.map((r) => [r.id, r.body]));
    for (const item of batch) {
      const text = stored.get(item.key);
      const back = text === undefined ? undefined : OutcomeRecord.safeParse(decodeJson(text));
      if (back?.success && checksum(back.data) === item.sum) report.checked++;
      else report.differ.push(item.key);
    }
  }
  return fixAlreadyThere(report);
}

/** <sha256 of key>.json files holding any JSON (a sealed value is { "sealed": "..." }). */
async function* documentFiles(dir: string): AsyncIterable<Item<unknown>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => STATE_FILE.test(n)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      throw new Error(`${file}: not valid JSON`);
    }
    yield { key: STATE_FILE.exec(name)![1], value, sum: checksum(value) };
  }
}

/** Into keyed_documents under `place`, keys already hashed. */
async function copyDocuments(db: pg.Pool, place: string, items: AsyncIterable<Item<unknown>>): Promise<KindReport> {
  const report = emptyReport();
  for await (const batch of inBatches(items)) {
    report.source += batch.length;
    for (const item of batch) {
      const inserted = await db.query('INSERT INTO keyed_documents (place, key_hash, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING', [
        place,
        item.key,
        encodeJson(item.value),
      ]);
      if (inserted.rowCount === 1) report.copied++;
    }
    const { rows } = await db.query<{ key: string; value: string }>(
      'SELECT key_hash AS key, value::text AS value FROM keyed_documents WHERE place = $1 AND key_hash = ANY($2)',
      [place, batch.map((i) => i.key)],
    );
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    for (const item of batch) {
      const text = stored.get(item.key);
      if (text !== undefined && checksum(decodeJson(text)) === item.sum) report.checked++;
      else report.differ.push(item.key);
    }
  }
  return fixAlreadyThere(report);
}

/** safeguarding/notices.json: one document per notice, keyed as the shared notices key them (by conversationRef). */
async function* noticeItems(dataDir: string): AsyncIterable<Item<unknown>> {
  const file = path.join(dataDir, 'safeguarding', 'notices.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let notices: unknown;
  try {
    notices = (JSON.parse(text) as { notices?: unknown }).notices;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
  if (!Array.isArray(notices)) throw new Error(`${file}: expected { "notices": [...] }`);
  for (const [i, notice] of notices.entries()) {
    const ref = (notice as { conversationRef?: unknown }).conversationRef;
    if (typeof ref !== 'string') throw new Error(`${file}: notice ${i} has no conversationRef`);
    yield { key: sha256Hex(ref), value: notice, sum: checksum(notice) };
  }
}

/**
 * A log's lines, oldest file first, into log_entries. A log is copied whole or not at all: if the
 * database already has entries in that log, they are compared with the folder's instead of appended to.
 */
async function copyLog(db: pg.Pool, dir: string, log: string, file: RegExp): Promise<KindReport> {
  const report = emptyReport();
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => file.test(n)).sort();
  const entries: unknown[] = [];
  for (const name of names) {
    for (const [i, line] of (await readFile(path.join(dir, name), 'utf8')).split('\n').entries()) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line));
      } catch {
        throw new Error(`${path.join(dir, name)}: line ${i + 1} is not valid JSON`);
      }
    }
  }
  report.source = entries.length;
  const count = Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM log_entries WHERE log = $1', [log])).rows[0].n);
  if (count === 0) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      for (const entry of entries) await client.query('INSERT INTO log_entries (log, entry) VALUES ($1, $2::jsonb)', [log, encodeJson(entry)]);
      await client.query('COMMIT');
      report.copied = entries.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  const { rows } = await db.query<{ position: string; entry: string }>(
    'SELECT seq::text AS position, entry::text AS entry FROM log_entries WHERE log = $1 ORDER BY seq',
    [log],
  );
  entries.forEach((entry, i) => {
    if (rows[i] && checksum(decodeJson(rows[i].entry)) === checksum(entry)) report.checked++;
    else report.differ.push(`${log} entry ${i + 1}`);
  });
  if (rows.length > entries.length) report.differ.push(`${rows.length - entries.length} more in the database than in the folder`);
  return fixAlreadyThere(report);
}

/**
 * Copies everything in the file store's folder `dataDir` into the database (whose schema must be migrated).
 * Safe to run again: what is there already is checked, not rewritten.
 */
export async function copyLowdbToPostgres(dataDir: string, db: pg.Pool): Promise<CopyReport> {
  const kinds: [string, KindReport][] = [
    ['conversations', await copyStates(db, 'conversation_states', stateFiles(path.join(dataDir, 'conversations')))],
    ['paused', await copyStates(db, 'paused_states', stateFiles(path.join(dataDir, 'paused')))],
    ['records', await copyRecords(db, recordItems(dataDir))],
  ];
  for (const folder of KEYED_FOLDERS) kinds.push([folder, await copyDocuments(db, folder, documentFiles(path.join(dataDir, folder)))]);
  kinds.push(['flag-notices', await copyDocuments(db, 'collection-flag-notices', noticeItems(dataDir))]);
  for (const { log, file } of LOGS) kinds.push([`${log} log`, await copyLog(db, path.join(dataDir, 'audit'), log, file)]);
  const ok = kinds.every(([, r]) => r.differ.length === 0 && r.checked === r.source);
  return { kinds, ok };
}
