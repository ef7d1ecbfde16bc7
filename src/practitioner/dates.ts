// Reads "by when" dates as practitioners in Scotland type them: 15/12/2026, 15.12.26 or 2026-12-15.
import { plain } from '../conversation/understanding/words.js';

export type ByWhen = { ok: true; date?: string } | { ok: false };

function iso(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

export function parseByWhen(text: string, noDateWords: string[]): ByWhen {
  const said = text.trim();
  if (noDateWords.some((w) => plain(w) === plain(said))) return { ok: true };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(said);
  if (m) {
    const date = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { ok: true, date } : { ok: false };
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(said);
  if (m) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const date = iso(year, Number(m[2]), Number(m[1]));
    return date ? { ok: true, date } : { ok: false };
  }
  return { ok: false };
}

/** "2026-12-15" -> "15/12/2026"; anything else as it is. */
export function showDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}
