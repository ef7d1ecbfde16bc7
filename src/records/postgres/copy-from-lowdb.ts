// Copies a lowdb data folder into PostgreSQL and checks the copy: every item is read back from the
// database and its checksum (sha256 of canonical JSON) compared with the source's. Nothing already in
// the database is overwritten; an item that is there with different content is reported, by key only.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { z } from 'zod';
import { ConversationState } from '../../conversation/state.js';
import { openLowdbStore } from '../lowdb-store.js';
import { OutcomeRecord } from '../record.js';
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

export interface CopyReport {
  conversations: KindReport;
  paused: KindReport;
  records: KindReport;
  ok: boolean;
}

const STATE_FILE = /^([0-9a-f]{64})\.json$/;
const BATCH = 500;

/** JSON with object keys sorted and undefined left out, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function checksum(value: unknown): string {
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

/** conversations/ or paused/ of the lowdb layout: <sha256 of the id or code>.json, each one state. */
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
      const inserted = await db.query(`INSERT INTO ${table} (${column}, state) VALUES ($1, $2::jsonb) ON CONFLICT (${column}) DO NOTHING`, [item.key, encodeJson(item.value)]);
      if (inserted.rowCount === 1) report.copied++;
    }
    const { rows } = await db.query<{ key: string; state: string }>(`SELECT ${column} AS key, state::text AS state FROM ${table} WHERE ${column} = ANY($1)`, [batch.map((i) => i.key)]);
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
  const store = await openLowdbStore(dataDir);
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

/**
 * Copies conversations, paused conversations and records from the lowdb folder `dataDir` into the
 * database (whose schema must be migrated). Safe to run again: what is there already is checked, not rewritten.
 */
export async function copyLowdbToPostgres(dataDir: string, db: pg.Pool): Promise<CopyReport> {
  const conversations = await copyStates(db, 'conversation_states', stateFiles(path.join(dataDir, 'conversations')));
  const paused = await copyStates(db, 'paused_states', stateFiles(path.join(dataDir, 'paused')));
  const records = await copyRecords(db, recordItems(dataDir));
  const ok = [conversations, paused, records].every((r) => r.differ.length === 0 && r.checked === r.source);
  return { conversations, paused, records, ok };
}
