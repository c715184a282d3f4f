import type { HttpDigest, HttpDigestLimits, HttpDigestTarget } from './http-digest';

type Fetch = (target: HttpDigestTarget, limits: HttpDigestLimits) => Promise<HttpDigest>;

/**
 * One GET for every check that asks for the same origin URL while it is in flight. In a
 * scale-out burst hundreds of gates compare the same paths at once; each would otherwise open
 * its own connection (and TLS session) to the origin for the same bytes. A check that joins
 * gets an answer whose request started at most one request timeout before its own.
 */
export function sharedWhileInFlight(fetch: Fetch): Fetch & { readonly inFlight: number } {
  const inFlight = new Map<string, Promise<HttpDigest>>();
  const shared = (target: HttpDigestTarget, limits: HttpDigestLimits): Promise<HttpDigest> => {
    const key = JSON.stringify([target.scheme, target.connectHost, target.port, target.hostHeader, target.path, limits]);
    const joined = inFlight.get(key);
    if (joined) return joined;
    const started = fetch(target, limits).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
  return Object.defineProperty(shared, 'inFlight', { get: () => inFlight.size }) as Fetch & { readonly inFlight: number };
}
