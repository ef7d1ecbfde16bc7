// SharedPlaces in PostgreSQL: the smaller stores (reviews, Teams references, practitioners' dialogs,
// audit log, erasure tombstones) in two tables, so every instance sees the same (see 002_shared_places.sql);
// each keyed document has a version, bumped by the database on every write (003_keyed_versions.sql).
import type pg from 'pg';
import { z } from 'zod';
import { sha256Hex } from '../record-id.js';
import { ConflictError, type AppendLog, type KeyedStore, type SharedCollection, type SharedPlaces, type Versioned } from '../store.js';
import { decodeJson, encodeJson } from './json-codec.js';

type Sealer = { seal(plain: string): string; open(sealed: string): string };
const Sealed = z.object({ sealed: z.string() });
const PAGE = 500;
const NAME = /^[a-z][a-z0-9-]{0,62}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a store name (lowercase letters, digits and dashes)`);
  return name;
}

class PostgresKeyedStore<T> implements KeyedStore<T> {
  constructor(
    private readonly db: pg.Pool,
    private readonly place: string,
    private readonly schema: z.ZodType<T>,
    private readonly sealer: Sealer | undefined,
    private readonly assertOpen: () => void,
  ) {}

  async get(key: string): Promise<T | undefined> {
    this.assertOpen();
    return (await this.byHash(sha256Hex(key)))?.value;
  }

  async getWithVersion(key: string): Promise<Versioned<T> | undefined> {
    this.assertOpen();
    return this.byHash(sha256Hex(key));
  }

  private async byHash(keyHash: string): Promise<Versioned<T> | undefined> {
    const { rows } = await this.db.query<{ value: string; version: string }>(
      'SELECT value::text AS value, version::text AS version FROM keyed_documents WHERE place = $1 AND key_hash = $2',
      [this.place, keyHash],
    );
    if (rows.length === 0) return undefined;
    const where = `keyed_documents ${this.place}/${keyHash}`;
    let raw = decodeJson(rows[0].value);
    if (this.sealer) {
      const sealed = Sealed.safeParse(raw);
      if (!sealed.success) throw new Error(`${where}: expected a sealed value`);
      raw = JSON.parse(this.sealer.open(sealed.data.sealed));
    }
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${where}: not valid:\n${z.prettifyError(parsed.error)}`);
    return { value: parsed.data, version: rows[0].version };
  }

  /** The stored JSON: the checked value, sealed whole when there is a sealer. */
  private stored(value: T): string {
    const valid = this.schema.parse(value);
    return encodeJson(this.sealer ? { sealed: this.sealer.seal(JSON.stringify(valid)) } : valid);
  }

  async put(key: string, value: T): Promise<void> {
    this.assertOpen();
    // The version changes too: the trigger gives every update a new one.
    await this.db.query(
      `INSERT INTO keyed_documents (place, key_hash, value) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (place, key_hash) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [this.place, sha256Hex(key), this.stored(value)],
    );
  }

  async putIfVersion(key: string, value: T, expected: string | null): Promise<string> {
    this.assertOpen();
    const json = this.stored(value);
    const keyHash = sha256Hex(key);
    const result =
      expected === null
        ? await this.db.query<{ version: string }>(
            'INSERT INTO keyed_documents (place, key_hash, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT (place, key_hash) DO NOTHING RETURNING version::text AS version',
            [this.place, keyHash, json],
          )
        : await this.db.query<{ version: string }>(
            `UPDATE keyed_documents SET value = $3::jsonb, updated_at = now()
             WHERE place = $1 AND key_hash = $2 AND version = $4::bigint RETURNING version::text AS version`,
            [this.place, keyHash, json, expected],
          );
    if (result.rowCount !== 1) throw new ConflictError('the entry changed since it was read');
    return result.rows[0].version;
  }

  async deleteIfVersion(key: string, expected: string): Promise<void> {
    this.assertOpen();
    const result = await this.db.query('DELETE FROM keyed_documents WHERE place = $1 AND key_hash = $2 AND version = $3::bigint', [
      this.place,
      sha256Hex(key),
      expected,
    ]);
    if (result.rowCount !== 1) throw new ConflictError('the entry changed since it was read');
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    await this.db.query('DELETE FROM keyed_documents WHERE place = $1 AND key_hash = $2', [this.place, sha256Hex(key)]);
  }

  /** Reads the place a page at a time (by key) and deletes what `visit` picks; an unreadable entry is kept. */
  async sweep(visit: (value: T) => 'keep' | 'delete'): Promise<number> {
    this.assertOpen();
    let deleted = 0;
    let after = '';
    for (;;) {
      const { rows } = await this.db.query<{ key_hash: string }>(
        'SELECT key_hash FROM keyed_documents WHERE place = $1 AND key_hash > $2 ORDER BY key_hash LIMIT $3',
        [this.place, after, PAGE],
      );
      if (rows.length === 0) return deleted;
      after = rows[rows.length - 1].key_hash;
      const doomed: string[] = [];
      for (const { key_hash } of rows) {
        const value = (await this.byHash(key_hash).catch(() => undefined))?.value;
        if (value !== undefined && visit(value) === 'delete') doomed.push(key_hash);
      }
      if (doomed.length) {
        const result = await this.db.query('DELETE FROM keyed_documents WHERE place = $1 AND key_hash = ANY($2)', [this.place, doomed]);
        deleted += result.rowCount ?? 0;
      }
    }
  }
}

class PostgresAppendLog<T> implements AppendLog<T> {
  constructor(
    private readonly db: pg.Pool,
    private readonly log: string,
    private readonly schema: z.ZodType<T>,
    private readonly assertOpen: () => void,
  ) {}

  async append(entry: T): Promise<void> {
    this.assertOpen();
    await this.db.query('INSERT INTO log_entries (log, entry) VALUES ($1, $2::jsonb)', [this.log, encodeJson(this.schema.parse(entry))]);
  }

  /** Oldest first, a page at a time, holding no connection between pages. An entry that does not check is an error naming its row. */
  async *entries(): AsyncIterable<T> {
    let after = '0';
    for (;;) {
      this.assertOpen();
      // (Not "seq::text AS seq": ORDER BY would then sort the text.)
      const { rows } = await this.db.query<{ position: string; entry: string }>(
        'SELECT seq::text AS position, entry::text AS entry FROM log_entries WHERE log = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3',
        [this.log, after, PAGE],
      );
      for (const row of rows) {
        const parsed = this.schema.safeParse(decodeJson(row.entry));
        if (!parsed.success) throw new Error(`log_entries row ${row.position} (${this.log}): not valid:\n${z.prettifyError(parsed.error)}`);
        yield parsed.data;
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].position;
    }
  }
}

/** Keyed documents changed under a row lock, so a change on one instance never undoes one made on another. */
class PostgresCollection<T> implements SharedCollection<T> {
  constructor(
    private readonly db: pg.Pool,
    private readonly place: string,
    private readonly schema: z.ZodType<T>,
    private readonly assertOpen: () => void,
  ) {}

  #parse(keyHash: string, text: string): T {
    const parsed = this.schema.safeParse(decodeJson(text));
    if (!parsed.success) throw new Error(`keyed_documents ${this.place}/${keyHash}: not valid:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async update(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    this.assertOpen();
    const keyHash = sha256Hex(key);
    for (;;) {
      const client = await this.db.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ value: string }>(
          'SELECT value::text AS value FROM keyed_documents WHERE place = $1 AND key_hash = $2 FOR UPDATE',
          [this.place, keyHash],
        );
        const current = rows.length ? this.#parse(keyHash, rows[0].value) : undefined;
        const next = change(current);
        if (next === undefined) {
          if (rows.length) await client.query('DELETE FROM keyed_documents WHERE place = $1 AND key_hash = $2', [this.place, keyHash]);
        } else {
          const json = encodeJson(this.schema.parse(next));
          const written = rows.length
            ? await client.query('UPDATE keyed_documents SET value = $3::jsonb, updated_at = now() WHERE place = $1 AND key_hash = $2', [
                this.place,
                keyHash,
                json,
              ])
            : await client.query('INSERT INTO keyed_documents (place, key_hash, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING', [
                this.place,
                keyHash,
                json,
              ]);
          if (written.rowCount !== 1) {
            // Another instance created it after we looked: start again from what it wrote.
            await client.query('ROLLBACK');
            continue;
          }
        }
        await client.query('COMMIT');
        return next;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
  }

  async list(): Promise<T[]> {
    this.assertOpen();
    const { rows } = await this.db.query<{ key: string; value: string }>('SELECT key_hash AS key, value::text AS value FROM keyed_documents WHERE place = $1', [
      this.place,
    ]);
    return rows.map((r) => this.#parse(r.key, r.value));
  }

  async deleteWhere(pick: (value: T) => boolean): Promise<number> {
    this.assertOpen();
    const { rows } = await this.db.query<{ key: string; value: string; updated: string }>(
      'SELECT key_hash AS key, value::text AS value, updated_at::text AS updated FROM keyed_documents WHERE place = $1',
      [this.place],
    );
    let deleted = 0;
    for (const row of rows) {
      if (!pick(this.#parse(row.key, row.value))) continue;
      // Only as it was when picked: an entry changed meanwhile is judged again next time.
      const result = await this.db.query('DELETE FROM keyed_documents WHERE place = $1 AND key_hash = $2 AND updated_at::text = $3', [
        this.place,
        row.key,
        row.updated,
      ]);
      deleted += result.rowCount ?? 0;
    }
    return deleted;
  }
}

export function postgresSharedPlaces(db: pg.Pool, assertOpen: () => void): SharedPlaces {
  return {
    keyed: (name, schema, sealer) => new PostgresKeyedStore(db, checkName(name), schema, sealer, assertOpen),
    log: (name, schema) => new PostgresAppendLog(db, checkName(name), schema, assertOpen),
    collection: (name, schema) => new PostgresCollection(db, checkName(`collection-${name}`), schema, assertOpen),
  };
}
