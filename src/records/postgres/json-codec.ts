// jsonb cannot hold U+0000 or a lone surrogate, both of which a person can send. Strings holding them
// (or the escape mark U+E000 itself) are written with each such code unit as U+E000 + four hex digits,
// and read back exactly; every other string is stored as it is.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what jsonb cannot hold.
const UNSAFE = /\u0000|\uE000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPED = /\uE000([0-9a-f]{4})/g;
/** In JSON text, the unsafe units appear escaped (\u0000, \udXXX) or as the mark itself. */
const MAYBE_UNSAFE_JSON = /\\u0000|\\ud[89a-f]|\uE000/i;

function encodeString(s: string): string {
  return s.replace(UNSAFE, (c) => `\uE000${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function decodeString(s: string): string {
  return s.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** JSON text that PostgreSQL's jsonb accepts and decodeJson turns back into the same value. */
export function encodeJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!MAYBE_UNSAFE_JSON.test(text)) return text;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? encodeString(v) : v));
}

export function decodeJson(text: string): unknown {
  if (!text.includes('\uE000')) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' ? decodeString(v) : v));
}
