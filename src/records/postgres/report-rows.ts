// Report rows in PostgreSQL (migrations/004_report_rows.sql): each record's row is written with the
// record, pointing into a catalogue of labels kept once in report_catalogues, so a report reads rows
// instead of whole records (src/records/report-rows.ts explains the row). With DATA_KEYS each row is
// sealed whole, holding the words opened: one decryption a record instead of one an answer. A row
// that is missing (older records, or written by an instance on older code) is made from the body
// when read, and saved for next time.
import type pg from 'pg';
import { mapReportText } from '../encrypted-store.js';
import { isEncrypted, type Keyring } from '../keyring.js';
import type { OutcomeRecord } from '../record.js';
import { sha256Hex } from '../record-id.js';
import { asciiJson, isReportBatch, isRowOf, recordRow, type ReportBatch, type ReportCatalogue, type ReportRow } from '../report-rows.js';
import type { StorePart } from '../store.js';

type Queryable = Pick<pg.Pool, 'query'>;

/** The field name a sealed row is bound to (AES-GCM additional data). */
const ROW_FIELD = 'report-row';
const PAGE = 2000;

interface StoredRow {
  id: string;
  row: string | null;
  catalogue: string | null;
  /** Only when the row must be made from it. */
  body: string | null;
}

export class PostgresReportRows {
  /** Catalogues known to be in report_catalogues, by hash. */
  readonly #catalogues = new Map<string, ReportCatalogue>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly parseRecord: (id: string, body: string) => OutcomeRecord,
    private readonly keyring?: Keyring,
  ) {}

  /** The row's columns for a record about to be written: [row, catalogue hash]; stores the catalogue first if need be. */
  async columns(db: Queryable, record: OutcomeRecord): Promise<[string, string]> {
    const { row, hash } = await this.#make(db, record);
    return [this.keyring ? this.keyring.encrypt(row, ROW_FIELD) : row, hash];
  }

  async #make(db: Queryable, record: OutcomeRecord): Promise<{ row: string; hash: string; catalogue: ReportCatalogue }> {
    const keyring = this.keyring;
    const { row, catalogue } = recordRow(keyring ? mapReportText(record, (value, field) => keyring.decrypt(value, field)) : record);
    const body = asciiJson(catalogue);
    const hash = sha256Hex(body).slice(0, 32);
    if (!this.#catalogues.has(hash)) {
      await db.query('INSERT INTO report_catalogues (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hash, body]);
      this.#catalogues.set(hash, catalogue);
    }
    return { row, hash, catalogue };
  }

  async #loadCatalogues(): Promise<void> {
    const { rows } = await this.pool.query<{ hash: string; body: string }>('SELECT hash, body FROM report_catalogues');
    for (const { hash, body } of rows) {
      const catalogue = JSON.parse(body) as ReportCatalogue;
      if (isReportBatch({ ...catalogue, rows: [] })) this.#catalogues.set(hash, catalogue);
    }
  }

  /** A stored row's text opened, or undefined when it cannot be (sealed under a key not held, or broken). */
  #open(text: string): string | undefined {
    if (!isEncrypted(text)) return text;
    try {
      return this.keyring?.decrypt(text, ROW_FIELD);
    } catch {
      return undefined;
    }
  }

  /** The page's rows parsed in one go (one parse of the page, not one a row); one by one if any is broken. */
  #parse(texts: (string | undefined)[]): unknown[] {
    try {
      if (texts.every((t) => t !== undefined)) return JSON.parse(`[${texts.join(',')}]`) as unknown[];
    } catch {
      // One broken row: parse them apart, below.
    }
    return texts.map((t) => {
      try {
        return t === undefined ? undefined : (JSON.parse(t) as unknown);
      } catch {
        return undefined;
      }
    });
  }

  /** Every record's row, a page at a time, grouped by catalogue into batches. */
  async *batches(part?: StorePart): AsyncIterable<ReportBatch> {
    await this.#loadCatalogues();
    const inPart = part ? `AND get_byte(decode(substr(id, 1, 2), 'hex'), 0) % ${Number(part.of)} = ${Number(part.index)}` : '';
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<StoredRow>(
        `SELECT id, report_row AS row, report_catalogue AS catalogue,
                CASE WHEN report_row IS NULL OR report_catalogue IS NULL THEN body::text END AS body
         FROM records WHERE id > $1 ${inPart} ORDER BY id LIMIT $2`,
        [after, PAGE],
      );
      if (rows.length === 0) return;
      if (rows.some((r) => r.catalogue !== null && !this.#catalogues.has(r.catalogue))) await this.#loadCatalogues();
      const groups = new Map<string, ReportRow[]>();
      const made: { id: string; row: string; hash: string; body: string }[] = [];
      const parsed = this.#parse(rows.map((stored) => (stored.row === null ? undefined : this.#open(stored.row))));
      for (const [i, stored] of rows.entries()) {
        const read = parsed[i];
        let hash = stored.catalogue;
        const labels = hash === null ? undefined : this.#catalogues.get(hash);
        let row: ReportRow;
        if (hash !== null && labels && isRowOf(read, labels)) row = read;
        else {
          const body = stored.body ?? (await this.#body(stored.id));
          if (body === undefined) continue;
          const fresh = await this.#make(this.pool, this.parseRecord(stored.id, body));
          row = JSON.parse(fresh.row) as ReportRow;
          hash = fresh.hash;
          if (stored.row === null) made.push({ id: stored.id, row: fresh.row, hash, body });
        }
        let group = groups.get(hash);
        if (!group) groups.set(hash, (group = []));
        group.push(row);
      }
      await this.#save(made);
      for (const [hash, group] of groups) yield { ...this.#catalogues.get(hash)!, rows: group };
      after = rows[rows.length - 1].id;
      if (rows.length < PAGE) return;
    }
  }

  async #body(id: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ body: string }>('SELECT body::text AS body FROM records WHERE id = $1', [id]);
    return rows[0]?.body;
  }

  /** Saves rows made while reading, only where the record is still as it was read (and still has none). */
  async #save(made: { id: string; row: string; hash: string; body: string }[]): Promise<void> {
    if (made.length === 0) return;
    const sealed = made.map((m) => (this.keyring ? this.keyring.encrypt(m.row, ROW_FIELD) : m.row));
    await this.pool.query(
      `UPDATE records SET report_row = v.row, report_catalogue = v.hash, report_stamp = nextval('report_row_stamp')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(id, row, hash, body)
       WHERE records.id = v.id AND records.report_row IS NULL AND records.body = v.body::jsonb`,
      [made.map((m) => m.id), sealed, made.map((m) => m.hash), made.map((m) => m.body)],
    );
  }
}
