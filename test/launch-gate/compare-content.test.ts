import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { PathComparison } from '../../common/launch-gate';
import { createCompareContentActivities, type CompareContentRequest } from '../../activities/launch-gate/compare-content';
import { closedPort, startSite, type TestSite } from './http-fixtures';

const { compareContent } = createCompareContentActivities();
const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
const sites: TestSite[] = [];
const compare = (req: CompareContentRequest) => env.run(compareContent, req) as Promise<PathComparison[]>;

async function site(...args: Parameters<typeof startSite>): Promise<TestSite> {
  const s = await startSite(...args);
  sites.push(s);
  return s;
}

function request(origin: TestSite, replica: TestSite, extra: Partial<CompareContentRequest> = {}): CompareContentRequest {
  return {
    originBaseUrl: origin.url,
    hostHeader: 'www.example.com',
    paths: ['/'],
    replicaIp: '127.0.0.1',
    replicaScheme: 'http',
    replicaPort: replica.port,
    requestTimeoutMs: 2_000,
    maxBodyBytes: 1024 * 1024,
    ...extra,
  };
}

afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

test('equal bodies are in sync, and the replica is asked with the site Host header', async () => {
  // Prepare
  const origin = await site({ '/': { body: '<h1>top</h1>' } });
  const replica = await site({ '/': { body: '<h1>top</h1>' } });

  // Act
  const [top] = await compare(request(origin, replica));

  // Assess
  expect(top).toMatchObject({ path: '/', result: 'in-sync', originStatus: 200, replicaStatus: 200 });
  const expected = createHash('sha256').update('<h1>top</h1>').digest('hex');
  expect(top).toMatchObject({ originSha256: expected, replicaSha256: expected });
  expect(replica.seen).toEqual([{ path: '/', host: 'www.example.com' }]);
  expect(origin.seen).toEqual([{ path: '/', host: `127.0.0.1:${origin.port}` }]);
});

test('every path is compared and reported on its own: one lagging path is not in sync', async () => {
  const origin = await site({ '/': { body: 'top v2' }, '/news/': { body: 'news v2' }, '/about': { body: 'about' } });
  const replica = await site({ '/': { body: 'top v2' }, '/news/': { body: 'news v1' }, '/about': { body: 'about' } });

  const results = await compare(request(origin, replica, { paths: ['/', '/news/', '/about'] }));

  expect(results.map((r) => [r.path, r.result])).toEqual([
    ['/', 'in-sync'],
    ['/news/', 'not-in-sync'],
    ['/about', 'in-sync'],
  ]);
  expect(results[1]!.detail).toMatch(/replica body differs/);
  expect(results[1]!.originSha256).not.toBe(results[1]!.replicaSha256);
  expect(replica.seen.map((r) => r.host)).toEqual(['www.example.com', 'www.example.com', 'www.example.com']);
});

test('a replica answering 4xx or 5xx is not in sync, even when the bodies match', async () => {
  const origin = await site({ '/': { body: 'same' }, '/gone': { body: 'same' } });
  const replica = await site({ '/': { status: 503, body: 'same' }, '/gone': { status: 404, body: 'same' } });

  const results = await compare(request(origin, replica, { paths: ['/', '/gone'] }));

  expect(results).toEqual([
    expect.objectContaining({ result: 'not-in-sync', replicaStatus: 503, detail: 'replica answered HTTP 503' }),
    expect.objectContaining({ result: 'not-in-sync', replicaStatus: 404, detail: 'replica answered HTTP 404' }),
  ]);
});

test('an unreachable origin means "cannot compare", never "in sync"', async () => {
  const replica = await site({ '/': { body: '' } });
  const port = await closedPort();

  const [top] = await compare({
    ...request(replica, replica),
    originBaseUrl: `http://127.0.0.1:${port}`,
  });

  expect(top).toMatchObject({ result: 'cannot-compare' });
  expect(top!.detail).toMatch(/^origin unreachable: ECONNREFUSED/);
});

test('an unreachable or silent replica is not in sync, within the request timeout', async () => {
  const origin = await site({ '/': { body: 'x' }, '/slow': { body: 'x' } });
  const replica = await site({ '/slow': { hang: true } });
  const port = await closedPort();

  const [refused] = await compare(request(origin, replica, { replicaPort: port }));
  const [silent] = await compare(request(origin, replica, { paths: ['/slow'], requestTimeoutMs: 300 }));

  expect(refused).toMatchObject({ result: 'not-in-sync' });
  expect(refused!.detail).toMatch(/^replica unreachable: ECONNREFUSED/);
  expect(silent).toMatchObject({ result: 'not-in-sync', detail: 'replica unreachable: timed out after 300 ms' });
});

test('a redirect to another host is not followed; one on the same site is', async () => {
  const elsewhere = await site({ '/': { body: 'x' } });
  const origin = await site({ '/': { body: 'home' }, '/moved': { body: 'home' } });
  const replica = await site({
    '/': { status: 302, headers: { location: '/index.html' } },
    '/index.html': { body: 'home' },
    '/moved': { status: 301, headers: { location: `http://localhost:${elsewhere.port}/` } },
  });

  const results = await compare(request(origin, replica, { paths: ['/', '/moved'] }));

  expect(results[0]).toMatchObject({ result: 'in-sync', replicaStatus: 200 });
  expect(results[1]).toMatchObject({ result: 'not-in-sync', replicaStatus: 301 });
  expect(results[1]!.detail).toMatch(/replica redirects to another site/);
  expect(elsewhere.seen).toEqual([]);
  expect(replica.seen.map((r) => r.path)).toEqual(['/', '/index.html', '/moved']);
});

test('bodies over the size cap are never hashed as equal', async () => {
  const big = Buffer.alloc(64 * 1024, 'a');
  const origin = await site({ '/': { body: big }, '/small': { body: 'small' } });
  const replica = await site({ '/': { body: big }, '/small': { body: big } });

  const [top, small] = await compare(request(origin, replica, { paths: ['/', '/small'], maxBodyBytes: 16 * 1024 }));

  expect(top).toMatchObject({ result: 'cannot-compare', originStatus: 200, detail: 'origin body larger than 16384 bytes (maxBodyBytes)' });
  expect(small).toMatchObject({ result: 'not-in-sync', replicaStatus: 200, detail: 'replica body larger than 16384 bytes (maxBodyBytes)' });
});

test.each([
  [{ replicaIp: 'www.example.com' }, /replicaIp must be an IP address/],
  [{ paths: [] }, /paths must not be empty/],
  [{ paths: ['//evil.example/'] }, /paths entry "\/\/evil.example\/"/],
  [{ originBaseUrl: 'ftp://origin.example' }, /originBaseUrl must be http or https/],
])('bad input (%o) is a non-retryable failure naming the field, before any request', async (extra, message) => {
  const origin = await site({ '/': { body: 'x' } });
  const replica = await site({ '/': { body: 'x' } });

  const err = await compare(request(origin, replica, extra)).catch((e: unknown) => e);

  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ nonRetryable: true, type: 'InvalidLaunchGateSettings' });
  expect((err as Error).message).toMatch(message);
  expect([...origin.seen, ...replica.seen]).toEqual([]);
});
