import { createHash } from 'node:crypto';
import { CONTACT_COLUMNS, CSV_COLUMNS, csvToRows, recordsToCsv, recordsToJsonLines, subjectRefMapToCsv } from '../../src/records/export.js';
import { exportSubjectKey } from '../../src/records/export-subject-key.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';

const key = exportSubjectKey('invented-export-subject-key-for-tests-0001');
const keyed = { subjectRef: key.refFor };
const s = (v: string | number | boolean | undefined): string => (v === undefined ? '' : typeof v === 'boolean' ? String(v) : String(v));

function expectedRows(r: OutcomeRecord): Record<string, string>[] {
  const common = {
    record_id: r.id,
    schema_version: s(r.schemaVersion),
    script_id: r.script.id,
    script_version: s(r.script.version),
    locale: r.script.locale,
    mode: r.mode,
    answered_by: r.answeredBy,
    answered_for: r.answeredFor?.relationship ?? '',
    channel: r.channel,
    subject_ref: key.refFor(r.subjectRef),
    created_at: r.createdAt,
    confirmed_at: r.confirmedAt,
    sharing: r.sharing,
    safeguarding_flagged: s(r.safeguardingFlag.flagged),
    follow_up_status: r.followUp.status,
    what_matters: s(r.whatMatters),
    previous_record_id: s(r.previousRecordId),
  };
  const outcomes = r.outcomes.length ? r.outcomes : [undefined];
  return outcomes.map((o) => ({
    ...common,
    outcome_id: s(o?.id),
    outcome_label: s(o?.label),
    outcome_group: s(o?.group),
    status: s(o?.status),
    rating_value: s(o?.rating?.value),
    rating_label: s(o?.rating?.label),
    rating_max: s(o?.rating?.max),
    own_words: s(o?.ownWords),
    what_would_help: s(o?.whatWouldHelp),
    priority: o ? s(o.priority) : '',
  }));
}

describe('records export', () => {
  const tricky = 'She said, "not today"\nthen left;\r\nmore, later, with tabs\tand a trailing quote"';
  const records = [
    makeRecord({ subjectRef: 'subj-1', previousRecordId: 'aa-earlier' }),
    makeRecord({
      subjectRef: 'subj-2',
      whatMatters: 'Commas, "quotes", and\nnew lines',
      outcomes: [makeOutcome({ ownWords: tricky, whatWouldHelp: '=1+1 is not a formula here' })],
      safeguardingFlag: { flagged: true, categories: ['risk'], at: '2025-03-01T10:05:00.000Z' },
      contact: { method: 'phone', detail: '01234 000000' },
    }),
    makeRecord({
      subjectRef: 'subj-3',
      outcomes: [],
      whatMatters: undefined,
      contact: { method: 'none' },
      answeredBy: 'family-or-friend',
      answeredFor: { relationship: 'mum' },
    }),
  ];

  it('gives one row per record and outcome, and parses back to the stored fields', () => {
    const csv = recordsToCsv(records, keyed);
    const rows = csvToRows(csv);
    expect(rows).toEqual(records.flatMap(expectedRows));
    expect(rows).toHaveLength(2 + 1 + 1);
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
  });

  it('says who answered, and for family or a friend who the person is to them', () => {
    const rows = csvToRows(recordsToCsv(records, keyed));
    expect(rows.map((r) => [r.answered_by, r.answered_for])).toEqual([
      ['carer', ''],
      ['carer', ''],
      ['carer', ''],
      ['family-or-friend', 'mum'],
    ]);
  });

  it('keeps quotes, commas and new lines in own words', () => {
    const rows = csvToRows(recordsToCsv(records, keyed));
    expect(rows[2].own_words).toBe(tricky);
    expect(rows[2].what_matters).toBe('Commas, "quotes", and\nnew lines');
  });

  it('leaves contact details out by default', () => {
    const csv = recordsToCsv(records, keyed);
    expect(csv).not.toContain('contact_');
    expect(csv).not.toContain('01234 000000');
    expect(csv).not.toContain('pat.example@example.invalid');
  });

  it('includes contact details when asked', () => {
    const rows = csvToRows(recordsToCsv(records, { ...keyed, includeContact: true }));
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS, ...CONTACT_COLUMNS]);
    expect(rows.map((r) => [r.contact_method, r.contact_detail])).toEqual([
      ['email', 'pat.example@example.invalid'],
      ['email', 'pat.example@example.invalid'],
      ['phone', '01234 000000'],
      ['none', ''],
    ]);
  });

  it('guards cells a spreadsheet would run as formulas, and undoes it on reading', () => {
    const texts = ['=HYPERLINK("http://example.invalid","x")', '+1', '-minus', '@sum', "'=already", "it's fine"];
    const rec = makeRecord({ outcomes: texts.map((t, i) => makeOutcome({ id: `o${i}`, ownWords: t })) });
    const csv = recordsToCsv([rec], keyed);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csvToRows(csv).map((r) => r.own_words)).toEqual(texts);
    expect(csvToRows(recordsToCsv([rec], { ...keyed, formulaGuard: false }), { formulaGuard: false }).map((r) => r.own_words)).toEqual(texts);
  });

  it('writes a header even with no records', () => {
    expect(csvToRows(recordsToCsv([], keyed))).toEqual([]);
    expect(recordsToCsv([], keyed).trim()).toBe(CSV_COLUMNS.join(','));
  });

  it('writes JSON lines, one record a line, contact only when asked', () => {
    const lines = recordsToJsonLines(records, keyed).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l) as OutcomeRecord);
    expect(parsed.map((p) => p.id)).toEqual(records.map((r) => r.id));
    for (const p of parsed) expect(p).not.toHaveProperty('contact');
    expect(parsed[1].outcomes[0].ownWords).toBe(tricky);
    const second: Partial<OutcomeRecord> = { ...records[1], subjectRef: key.refFor(records[1].subjectRef) };
    delete second.contact;
    expect(parsed[1]).toEqual(JSON.parse(JSON.stringify(second)));

    const withContact = recordsToJsonLines(records, { ...keyed, includeContact: true })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(withContact).toEqual(JSON.parse(JSON.stringify(records.map((r) => ({ ...r, subjectRef: key.refFor(r.subjectRef) })))));
    expect(recordsToJsonLines([], keyed)).toBe('');
  });
});

describe('subject_ref in exports', () => {
  const code = 'ABCD-EFGH-23';
  const stored = createHash('sha256').update(`subject:${code}`).digest('hex');
  const records = [makeRecord({ subjectRef: stored }), makeRecord({ subjectRef: stored }), makeRecord({ subjectRef: 'subj-other' })];
  /** Each record's subject_ref, in the records' order (a record has a row per outcome). */
  const refs = (csv: string) => {
    const byRecord = new Map(csvToRows(csv).map((r) => [r.record_id, r.subject_ref]));
    return records.map((r) => byRecord.get(r.id));
  };

  it('is not a hash of the code anyone could make: keyed with the server secret, 64 hex characters', () => {
    const out = recordsToCsv(records, keyed) + recordsToJsonLines(records, keyed);
    expect(out).not.toContain(stored);
    expect(out).not.toContain(createHash('sha256').update(code).digest('hex'));
    expect(refs(recordsToCsv(records, keyed))[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same person in two exports, and differs between people', () => {
    const again = exportSubjectKey('invented-export-subject-key-for-tests-0001');
    const first = refs(recordsToCsv(records, keyed));
    expect(refs(recordsToCsv(records, { subjectRef: again.refFor }))).toEqual(first);
    expect(first[0]).toBe(first[1]);
    expect(first[2]).not.toBe(first[0]);
    expect((JSON.parse(recordsToJsonLines(records, keyed).split('\n')[0]) as OutcomeRecord).subjectRef).toBe(first[0]);
  });

  it('changes with the key, and the map joins the old refs to the new', () => {
    const other = exportSubjectKey('another-invented-export-subject-key-0002');
    const before = refs(recordsToCsv(records, keyed));
    const after = refs(recordsToCsv(records, { subjectRef: other.refFor }));
    expect(after.some((r) => before.includes(r))).toBe(false);
    expect(other.id).not.toBe(key.id);
    const map = new Map(csvToRows(subjectRefMapToCsv(records, key, other)).map((r) => [r.previous_subject_ref, r.subject_ref]));
    expect(map.size).toBe(2);
    expect(before.map((r) => map.get(r ?? ''))).toEqual(after);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => exportSubjectKey('short')).toThrow(/EXPORT_SUBJECT_KEY: must be at least 32 characters/);
  });
});
