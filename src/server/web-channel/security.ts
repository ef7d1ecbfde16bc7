// Security headers, the page's Content-Security-Policy and CORS, all following the organisation's allowed sites.

export interface SecurityPolicy {
  /** Origins (scheme://host[:port]) of the sites allowed to embed the chat or call its API. */
  allowedOrigins: string[];
  /** Extra origins the page may connect to (Azure Direct Line in production). */
  connectOrigins: string[];
  /** Extra origins the page may load images from (the organisation's logo). */
  imageOrigins: string[];
}

export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** https://x -> wss://x, so Web Chat can use Azure's websocket stream. */
export function websocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/** Headers every web channel response carries. */
export function baseHeaders(policy: SecurityPolicy): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cross-origin-resource-policy': policy.allowedOrigins.length ? 'cross-origin' : 'same-origin',
  };
  if (!policy.allowedOrigins.length) headers['x-frame-options'] = 'SAMEORIGIN';
  return headers;
}

const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/** The page runs only our own scripts; styles need a per-response nonce because Web Chat injects its own style sheets. */
export function pageCsp(policy: SecurityPolicy, nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The hash is of an empty style element: Web Chat's scroll library adds one without the nonce, then fills it via CSSOM.
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    ["img-src 'self' data: blob:", ...policy.imageOrigins].join(' '),
    "font-src 'self' data:",
    ["connect-src 'self'", ...policy.connectOrigins].join(' '),
    ["frame-ancestors 'self'", ...policy.allowedOrigins].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** CORS for the token and Direct Line routes: only the organisation's allowed sites, never `*`. */
export function corsHeaders(policy: SecurityPolicy, origin: string | undefined): Record<string, string> {
  if (!origin || !policy.allowedOrigins.includes(origin)) return { vary: 'Origin' };
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, x-ms-bot-agent',
    'access-control-max-age': '600',
  };
}
