// A record's reference as practitioners see it: the first 8 hex characters of its id, like 3FA1-B2C3.
// Short enough to type, and nothing to do with the person's own reference code (which they never see).

const REF_LENGTH = 8;
/** Fewer characters than this match too many records to be useful. */
const MIN_TYPED = 6;

function compact(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

export function shortRef(id: string): string {
  const hex = compact(id).slice(0, REF_LENGTH).toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/** What a practitioner typed as a reference, made comparable; undefined when it cannot be one. */
export function readRef(input: string): string | undefined {
  const cleaned = input.trim().replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(cleaned) || cleaned.length < MIN_TYPED || cleaned.length > 34) return undefined;
  return cleaned;
}

export function refMatches(id: string, typed: string): boolean {
  return compact(id).startsWith(typed);
}
