// The Store in PostgreSQL, for several bot instances sharing one database (see migrations/ for the tables).
// Conversation states carry a version from one sequence; a conditional write is one UPDATE ... WHERE
// version = $expected, so two instances cannot both move one conversation on from the same state.
import pg from 'pg';
import { z } from 'zod';
import { ConversationState } from '../../conversation/state.js';
import { ConfigError } from '../../config-error.js';
import type { Logger } from '../../logger.js';
import { OutcomeRecord } from '../record.js';
import { sha256Hex } from '../record-id.js';
import {
  ConflictError,
  type ConversationStateStore,
  type PausedStore,
  type ReclaimReport,
  type RecordStore,
  type Store,
  type StorePart,
  type SweepVerdict,
  type VersionedState,
} from '../store.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { migrate } from './migrate.js';
import { postgresSharedPlaces } from './shared-places.js';
import { byAge } from '../record-order.js';
import type { Keyring } from '../keyring.js';
import type { ReportBatch } from '../report-rows.js';
import { PostgresReportRows } from './report-rows.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections this instance may hold (default 10). Instances x this must stay under the server's limit. */
  maxConnections?: number;
  /** Apply migrations before use (default true). */
  migrate?: boolean;
  log?: Logger;
  /** DATA_KEYS, when free text is encrypted: each record's report row is then sealed whole with them. */
  keyring?: Keyring;
}

/** The store could not be opened: says where and why, never the password. */
export class StoreStartError extends ConfigError {}

const RECORD_ID = /^[0-9a-f]{2}-/;
const ALL_PAGE = 200;

type Queryable = Pick<pg.Pool, 'query'>;

function parseState(where: string, text: string): ConversationState {
  const parsed = ConversationState.safeParse(decodeJson(text));
  if (!parsed.success) throw new Error(`${where}: not a valid conversation state:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Validates a stored record; the error names the row, never its content. */
function parseRecord(id: string, text: string): OutcomeRecord {
  let raw: unknown;
  try {
    raw = decodeJson(text);
  } catch {
    throw new Error(`records row ${id}: not valid JSON`);
  }
  const parsed = OutcomeRecord.safeParse(raw);
  if (!parsed.success) throw new Error(`records row ${id}: not a valid OutcomeRecord:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function timeOrNull(text: string): string | null {
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** Visits a state table in key order, a batch at a time; removes or rewrites the rows the visitor says to (unless they changed meanwhile). */
async function sweepStates(
  db: Queryable,
  table: 'conversation_states' | 'paused_states',
  keyColumn: 'key_hash' | 'code_hash',
  visit: (state: ConversationState) => SweepVerdict,
): Promise<number> {
  let after = '';
  let removed = 0;
  for (;;) {
    const { rows } = await db.query<{ key: string; state: string; updated: string }>(
      `SELECT ${keyColumn} AS key, state::text AS state, updated_at::text AS updated FROM ${table} WHERE ${keyColumn} > $1 ORDER BY ${keyColumn} LIMIT 500`,
      [after],
    );
    if (rows.length === 0) return removed;
    for (const row of rows) {
      let state: ConversationState;
      try {
        state = parseState(`${table} row ${row.key}`, row.state);
      } catch {
        continue;
      }
      const verdict = visit(state);
      if (verdict === 'keep') continue;
      const result =
        verdict === 'delete'
          ? await db.query(`DELETE FROM ${table} WHERE ${keyColumn} = $1 AND updated_at::text = $2`, [row.key, row.updated])
          : await db.query(
              `UPDATE ${table} SET state = $3::jsonb${table === 'conversation_states' ? ", version = nextval('conversation_state_version')" : ''} WHERE ${keyColumn} = $1 AND updated_at::text = $2`,
              [row.key, row.updated, encodeJson(ConversationState.parse(verdict.replace))],
            );
      removed += result.rowCount ?? 0;
    }
    after = rows[rows.length - 1].key;
  }
}

class PostgresConversationStore implements ConversationStateStore {
  constructor(
    private readonly db: Queryable,
    private readonly assertOpen: () => void,
  ) {}

  async get(conversationId: string): Promise<ConversationState | undefined> {
    return (await this.getWithVersion(conversationId))?.state;
  }

  async getWithVersion(conversationId: string): Promise<VersionedState | undefined> {
    this.assertOpen();
    const key = sha256Hex(conversationId);
    const { rows } = await this.db.query<{ state: string; version: string }>(
      'SELECT state::text AS state, version::text AS version FROM conversation_states WHERE key_hash = $1',
      [key],
    );
    if (rows.length === 0) return undefined;
    return { state: parseState(`conversation_states row ${key}`, rows[0].state), version: rows[0].version };
  }

  async put(conversationId: string, state: ConversationState): Promise<void> {
    this.assertOpen();
    const json = encodeJson(ConversationState.parse(state));
    await this.db.query(
      `INSERT INTO conversation_states (key_hash, state) VALUES ($1, $2::jsonb)
       ON CONFLICT (key_hash) DO UPDATE
         SET state = EXCLUDED.state, version = nextval('conversation_state_version'), updated_at = now()`,
      [sha256Hex(conversationId), json],
    );
  }

  async putIfVersion(conversationId: string, state: ConversationState, expected: string | null): Promise<void> {
    this.assertOpen();
    const json = encodeJson(ConversationState.parse(state));
    const key = sha256Hex(conversationId);
    const result =
      expected === null
        ? await this.db.query('INSERT INTO conversation_states (key_hash, state) VALUES ($1, $2::jsonb) ON CONFLICT (key_hash) DO NOTHING', [key, json])
        : await this.db.query(
            `UPDATE conversation_states SET state = $2::jsonb, version = nextval('conversation_state_version'), updated_at = now()
             WHERE key_hash = $1 AND version = $3::bigint`,
            [key, json, expected],
          );
    if (result.rowCount !== 1) throw new ConflictError();
  }

  async delete(conversationId: string): Promise<void> {
    this.assertOpen();
    await this.db.query('DELETE FROM conversation_states WHERE key_hash = $1', [sha256Hex(conversationId)]);
  }

  sweep(visit: (state: ConversationState) => SweepVerdict): Promise<number> {
    this.assertOpen();
    return sweepStates(this.db, 'conversation_states', 'key_hash', visit);
  }

  async deleteIfVersion(conversationId: string, expected: string): Promise<void> {
    this.assertOpen();
    const result = await this.db.query('DELETE FROM conversation_states WHERE key_hash = $1 AND version = $2::bigint', [sha256Hex(conversationId), expected]);
    if (result.rowCount !== 1) throw new ConflictError();
  }
}

class PostgresPausedStore implements PausedStore {
  constructor(
    private readonly db: Queryable,
    private readonly assertOpen: () => void,
  ) {}

  async get(code: string): Promise<ConversationState | undefined> {
    this.assertOpen();
    const key = sha256Hex(code);
    const { rows } = await this.db.query<{ state: string }>('SELECT state::text AS state FROM paused_states WHERE code_hash = $1', [key]);
    return rows.length ? parseState(`paused_states row ${key}`, rows[0].state) : undefined;
  }

  async put(code: string, state: ConversationState): Promise<void> {
    this.assertOpen();
    await this.db.query(
      `INSERT INTO paused_states (code_hash, state) VALUES ($1, $2::jsonb)
       ON CONFLICT (code_hash) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [sha256Hex(code), encodeJson(ConversationState.parse(state))],
    );
  }

  async delete(code: string): Promise<void> {
    this.assertOpen();
    await this.db.query('DELETE FROM paused_states WHERE code_hash = $1', [sha256Hex(code)]);
  }

  sweep(visit: (state: ConversationState) => SweepVerdict): Promise<number> {
    this.assertOpen();
    return sweepStates(this.db, 'paused_states', 'code_hash', visit);
  }
}

class PostgresRecordStore implements RecordStore {
  readonly #rows: PostgresReportRows;

  constructor(
    private readonly pool: pg.Pool,
    private readonly assertOpen: () => void,
    keyring?: Keyring,
  ) {
    this.#rows = new PostgresReportRows(pool, parseRecord, keyring);
  }

  async add(record: OutcomeRecord): Promise<void> {
    this.assertOpen();
    const valid = OutcomeRecord.parse(record);
    // The same rule as the file store, so records move between the two unchanged.
    if (!RECORD_ID.test(valid.id)) throw new Error('record id must start with two lowercase hex characters and a dash (use newRecordId)');
    await this.pool.query(
      `INSERT INTO records (id, subject_ref, created_at, sharing, flagged, schema_version, body, report_row, report_catalogue, report_stamp)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, nextval('report_row_stamp')) ON CONFLICT (id) DO NOTHING`,
      [...recordColumns(valid), ...(await this.#rows.columns(this.pool, valid))],
    );
  }

  async get(id: string): Promise<OutcomeRecord | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ body: string }>('SELECT body::text AS body FROM records WHERE id = $1', [id]);
    return rows.length ? parseRecord(id, rows[0].body) : undefined;
  }

  /** Read, change and write under a row lock, so two instances updating one record both count. */
  async update(id: string, change: (record: OutcomeRecord) => OutcomeRecord): Promise<OutcomeRecord | undefined> {
    this.assertOpen();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ body: string }>('SELECT body::text AS body FROM records WHERE id = $1 FOR UPDATE', [id]);
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const next = OutcomeRecord.parse(change(parseRecord(id, rows[0].body)));
      if (next.id !== id) throw new Error(`update may not change a record's id (${id})`);
      const [, subjectRef, createdAt, sharing, flagged, schemaVersion, body] = recordColumns(next);
      const [reportRow, catalogue] = await this.#rows.columns(client, next);
      await client.query(
        `UPDATE records SET subject_ref = $2, created_at = $3, sharing = $4, flagged = $5, schema_version = $6, body = $7::jsonb,
           report_row = $8, report_catalogue = $9, report_stamp = nextval('report_row_stamp') WHERE id = $1`,
        [id, subjectRef, createdAt, sharing, flagged, schemaVersion, body, reportRow, catalogue],
      );
      await client.query('COMMIT');
      return next;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async bySubject(subjectRef: string): Promise<OutcomeRecord[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ id: string; body: string }>('SELECT id, body::text AS body FROM records WHERE subject_ref = $1', [subjectRef]);
    return rows.map((r) => parseRecord(r.id, r.body)).sort(byAge);
  }

  /** Pages through by id, holding no connection between pages. */
  async *all(): AsyncIterable<OutcomeRecord> {
    this.assertOpen();
    let after = '';
    for (;;) {
      this.assertOpen();
      const { rows } = await this.pool.query<{ id: string; body: string }>('SELECT id, body::text AS body FROM records WHERE id > $1 ORDER BY id LIMIT $2', [
        after,
        ALL_PAGE,
      ]);
      for (const row of rows) yield parseRecord(row.id, row.body);
      if (rows.length < ALL_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Each record's report row, a page at a time (report-rows.ts in this folder). */
  reportBatches(part?: StorePart): AsyncIterable<ReportBatch> {
    this.assertOpen();
    return this.#rows.batches(part);
  }

  async delete(id: string): Promise<boolean> {
    this.assertOpen();
    const result = await this.pool.query('DELETE FROM records WHERE id = $1', [id]);
    return result.rowCount === 1;
  }
}

/** The row for a record: its indexed columns, then the whole record as jsonb text. */
export function recordColumns(r: OutcomeRecord): [string, string, string | null, string, boolean, number, string] {
  return [r.id, r.subjectRef, timeOrNull(r.createdAt), r.sharing, r.safeguardingFlag.flagged, r.schemaVersion, encodeJson(r)];
}

/** host:port/database from a connection string, for messages: never the user or password. */
export function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the database in DATABASE_URL';
  }
}

/**
 * Why a connection failed, without the connection string: the server's own message (such as
 * 'database "x" does not exist') and its code, or the network error's code (ECONNREFUSED, ENOTFOUND).
 */
function whyNot(error: unknown): string {
  const e = error as { code?: string; severity?: string; message?: string };
  if (e.severity && e.message) return `${e.message}, ${e.code ?? 'no code'}`;
  return e.code ?? (e.message?.includes('timeout') ? 'timed out' : 'unknown error');
}

/**
 * The tables an erasure deletes from (records with their report rows, conversation and paused states, and
 * the keyed documents: flag notices, reviews, Teams references). log_entries is append-only: never deleted from.
 */
const ERASED_TABLES = ['records', 'conversation_states', 'paused_states', 'keyed_documents'];

/**
 * VACUUM after an erasure. A deleted row stays in the table as a dead row until VACUUM removes it; until then
 * it is in the table's pages (and in a file-level backup of them). VACUUM cannot run in a transaction: each
 * is one statement of its own. One at a time per store: a call while one runs waits for the next run, which
 * starts after the current one (whose start may have come before the caller's deletes).
 */
function reclaimer(pool: pg.Pool, assertOpen: () => void): (options?: { rewrite?: boolean }) => Promise<ReclaimReport> {
  let current: Promise<ReclaimReport> | undefined;
  let next: Promise<ReclaimReport> | undefined;
  let nextRewrites = false;
  const vacuum = async (rewrite: boolean): Promise<ReclaimReport> => {
    assertOpen();
    const started = performance.now();
    await pool.query(`VACUUM ${rewrite ? '(FULL) ' : ''}${ERASED_TABLES.join(', ')}`);
    return { tables: [...ERASED_TABLES], rewrite, ms: Math.round(performance.now() - started) };
  };
  const run = (options?: { rewrite?: boolean }): Promise<ReclaimReport> => {
    const rewrite = options?.rewrite === true;
    if (!current) {
      current = vacuum(rewrite).finally(() => {
        current = undefined;
      });
      return current;
    }
    nextRewrites ||= rewrite;
    next ??= current
      .catch(() => undefined)
      .then(() => {
        const r = nextRewrites;
        next = undefined;
        nextRewrites = false;
        return run({ rewrite: r });
      });
    return next;
  };
  return run;
}

/** Opens a pool, checks the database answers and brings its schema up to date. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the next query gets a fresh one.
  pool.on('error', (error: Error & { code?: string }) => options.log?.warn('store.connection-lost', { code: error.code ?? error.name }));
  const where = describeDatabase(options.connectionString);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreStartError(`setting DATABASE_URL: cannot use ${where} (${whyNot(error)})`);
  }
  if (options.migrate !== false) {
    try {
      const applied = await migrate(pool);
      if (applied.length) options.log?.info('store.migrated', { applied: applied.join(',') });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreStartError(`database ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('the store is closed');
  };
  return {
    conversations: new PostgresConversationStore(pool, assertOpen),
    paused: new PostgresPausedStore(pool, assertOpen),
    records: new PostgresRecordStore(pool, assertOpen, options.keyring),
    shared: postgresSharedPlaces(pool, assertOpen),
    reclaimDeleted: reclaimer(pool, assertOpen),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
