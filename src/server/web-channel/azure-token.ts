// Production: swaps the Direct Line secret for a conversation token at Azure, with a user id this server chose.
import { z } from 'zod';

const Generated = z.object({ conversationId: z.string().min(1), token: z.string().min(1), expires_in: z.number().int().positive() });
export type GeneratedToken = z.infer<typeof Generated>;

export class TokenExchangeError extends Error {
  override name = 'TokenExchangeError';
  constructor(readonly status: number | undefined) {
    super(status ? `Direct Line answered ${status}` : 'Direct Line could not be reached');
  }
}

/** POST {endpoint}/v3/directline/tokens/generate. The secret goes only to Azure, never to the browser. */
export async function generateDirectLineToken(endpoint: string, secret: string, userId: string, timeoutMs = 10_000): Promise<GeneratedToken> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.replace(/\/+$/, '')}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new TokenExchangeError(undefined);
  }
  if (!res.ok) throw new TokenExchangeError(res.status);
  const parsed = Generated.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new TokenExchangeError(res.status);
  return parsed.data;
}
