// CloudAdapter builds a new ConnectorClient and UserTokenClient (each with its own HTTP pipeline) for
// every turn, even when the replies go back in the response; that was about a tenth of a turn's CPU.
// These clients depend only on the app id, the service URL and the audience, and are safe to share
// between turns (the SDK's older BotFrameworkAdapter cached them the same way). Bounded, since in
// anonymous local mode the service URL is whatever the request says.
import type { ConnectorFactory } from 'botframework-connector';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { LRUCache } from 'lru-cache';

const MAX_CLIENTS = 64;

class Bounded<T extends object> {
  readonly #items = new LRUCache<string, T>({ max: MAX_CLIENTS });

  get(key: string, make: () => T): T {
    let item = this.#items.get(key);
    if (item === undefined) {
      item = make();
      this.#items.set(key, item);
    }
    return item;
  }

  /** Forgets a failed client, so the next turn builds a new one. */
  forget(key: string, item: T): void {
    if (this.#items.get(key) === item) this.#items.delete(key);
  }
}

function shared<T>(cache: Bounded<Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const made = cache.get(key, make);
  made.catch(() => cache.forget(key, made));
  return made;
}

/** A connector factory whose clients are shared with every other turn of the same app id, service URL and audience. */
function reusingConnectorFactory(factory: ConnectorFactory, cache: Bounded<ReturnType<ConnectorFactory['create']>>): ConnectorFactory {
  const appId = (factory as unknown as { appId?: string }).appId ?? '';
  return Object.assign(Object.create(factory) as ConnectorFactory, {
    create: (serviceUrl: string, audience?: string) => shared(cache, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
  });
}

/** Makes `auth` hand out one UserTokenClient per app id; returns a wrapper for per-turn connector factories. */
export function reuseClients(auth: BotFrameworkAuthentication): (factory: ConnectorFactory) => ConnectorFactory {
  const tokenClients = new Bounded<ReturnType<BotFrameworkAuthentication['createUserTokenClient']>>();
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claimsIdentity) => {
    const appId = claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
    return shared(tokenClients, appId, () => createUserTokenClient(claimsIdentity));
  };
  const connectors = new Bounded<ReturnType<ConnectorFactory['create']>>();
  return (factory) => reusingConnectorFactory(factory, connectors);
}
