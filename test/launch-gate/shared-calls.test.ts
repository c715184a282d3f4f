import { digestKey, type HttpDigest, type HttpDigestLimits, type HttpDigestTarget } from '../../activities/launch-gate/http-digest';
import { sharedCalls } from '../../activities/launch-gate/shared-calls';

const limits: HttpDigestLimits = { timeoutMs: 5_000, maxBodyBytes: 1024, maxRedirects: 5 };
const target = (path: string): HttpDigestTarget => ({ scheme: 'http', connectHost: '127.0.0.1', port: 8080, hostHeader: 'www.example.com', path });

/** As compareContent shares its origin GETs. */
const sharedWhileInFlight = (fetch: (t: HttpDigestTarget, l: HttpDigestLimits) => Promise<HttpDigest>) => sharedCalls(fetch, { key: digestKey, keepMs: 0 });

/** A fetch whose answers the test releases by hand, counting what was asked. */
function heldFetch() {
  const asked: string[] = [];
  const release: Array<() => void> = [];
  const fetch = (t: HttpDigestTarget): Promise<HttpDigest> => {
    asked.push(t.path);
    return new Promise((resolve) => release.push(() => resolve({ kind: 'response', status: 200, sha256: `sha-of-${t.path}-${asked.length}`, bytes: 3 })));
  };
  return { fetch, asked, releaseAll: () => release.splice(0).forEach((r) => r()) };
}

test('checks asking for the same origin URL while a GET is in flight share its answer', async () => {
  const held = heldFetch();
  const shared = sharedWhileInFlight(held.fetch);

  const answers = Promise.all([shared(target('/'), limits), shared(target('/'), limits), shared(target('/'), limits)]);
  expect(shared.size).toBe(1);
  held.releaseAll();

  const [a, b, c] = await answers;
  expect(held.asked).toEqual(['/']);
  expect(b).toBe(a);
  expect(c).toBe(a);
  expect(shared.size).toBe(0);
});

test('another path, host or limit is another GET; a finished GET is never reused', async () => {
  const held = heldFetch();
  const shared = sharedWhileInFlight(held.fetch);

  const first = Promise.all([
    shared(target('/'), limits),
    shared(target('/news/'), limits),
    shared({ ...target('/'), hostHeader: 'cms.example.com' }, limits),
    shared(target('/'), { ...limits, maxBodyBytes: 2048 }),
  ]);
  held.releaseAll();
  await first;
  const later = shared(target('/'), limits);
  held.releaseAll();
  await later;

  expect(held.asked).toEqual(['/', '/news/', '/', '/', '/']);
});

test('a failed GET is not kept: the next check asks again', async () => {
  let calls = 0;
  const shared = sharedWhileInFlight(async () => {
    calls += 1;
    if (calls === 1) throw new Error('socket hang up');
    return { kind: 'response', status: 200, sha256: 'abc', bytes: 3 };
  });

  await expect(shared(target('/'), limits)).rejects.toThrow('socket hang up');
  await expect(shared(target('/'), limits)).resolves.toMatchObject({ kind: 'response' });
  expect(calls).toBe(2);
});

test('an answer kept for keepMs serves every caller until it is that old, then the next caller asks again', async () => {
  const clock = { now: 0 };
  let calls = 0;
  const shared = sharedCalls(async (name: string) => `${name}-${(calls += 1)}`, { key: (name) => name, keepMs: 60_000, now: () => clock.now });

  expect(await shared('hook')).toBe('hook-1');
  clock.now += 59_999;
  expect(await shared('hook')).toBe('hook-1');
  expect(await shared('other')).toBe('other-2');
  clock.now += 1;
  expect(await shared('hook')).toBe('hook-3');
});
