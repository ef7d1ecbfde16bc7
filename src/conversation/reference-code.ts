// Reference codes: 50 random bits in Crockford base32 (no I, L, O, U), grouped for reading aloud.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{2}$/;

/** Makes a code from 10 random values 0..31 (the caller supplies randomness, so the engine stays pure). */
export function formatReferenceCode(digits: number[]): string {
  const chars = digits
    .slice(0, 10)
    .map((d) => ALPHABET[d & 31])
    .join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
}

/** Reads a code as a person might type it: any case, with or without dashes or spaces, O for 0, I/L for 1. */
export function normaliseReferenceCode(input: string): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== 10) return undefined;
  const code = `${cleaned.slice(0, 4)}-${cleaned.slice(4, 8)}-${cleaned.slice(8, 10)}`;
  return PATTERN.test(code) ? code : undefined;
}

/**
 * Typed alone (not after "resume"), text is read as a code only when it is shaped like one: 4, 4 and 2
 * letters or digits, with or without a dash or space between. Ten letters across everyday words
 * ("i hav a carer") are an answer, not a code.
 */
export function isShapedLikeCode(input: string): boolean {
  return /^\s*[a-z0-9]{4}[\s-]?[a-z0-9]{4}[\s-]?[a-z0-9]{2}\s*$/i.test(input);
}
