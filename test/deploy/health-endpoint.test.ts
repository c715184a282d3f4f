import { startHealthServer, workerReadiness, type HealthServer } from '../../worker/health';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://${server!.address}${path}`);
  return { status: response.status, body: await response.text() };
}

/** A connection whose server call succeeds or fails as told, through the SDK's own deadline wrapper shape. */
function connectionThat(answer: 'answers' | 'fails') {
  return {
    withDeadline: <T>(_deadline: number | Date, fn: () => Promise<T>) => fn(),
    workflowService: {
      getSystemInfo: () => (answer === 'answers' ? Promise.resolve({}) : Promise.reject(new Error('14 UNAVAILABLE: connection refused'))),
    },
  } as unknown as Parameters<typeof workerReadiness>[1];
}

test('/healthz answers while the process runs; /readyz says starting until the worker exists', async () => {
  server = await startHealthServer('127.0.0.1:0');

  expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
  expect(await get('/readyz')).toEqual({ status: 503, body: 'starting\n' });
  expect((await get('/metrics')).status).toBe(404);
});

test('/readyz is 200 only while the worker runs and Temporal answers', async () => {
  server = await startHealthServer('127.0.0.1:0');
  let state = 'INITIALIZED';
  const worker = { getState: () => state } as Parameters<typeof workerReadiness>[0];
  let answer: 'answers' | 'fails' = 'answers';
  server.setReadiness(() => workerReadiness(worker, connectionThat(answer))());

  expect(await get('/readyz')).toEqual({ status: 503, body: 'worker initialized\n' });
  state = 'RUNNING';
  expect(await get('/readyz')).toEqual({ status: 200, body: 'worker running, Temporal reachable\n' });
  answer = 'fails';
  expect(await get('/readyz')).toEqual({ status: 503, body: 'Temporal unreachable: 14 UNAVAILABLE: connection refused\n' });
  answer = 'answers';
  state = 'STOPPING';
  expect(await get('/readyz')).toEqual({ status: 503, body: 'worker stopping\n' });
});

test('a taken port fails start-up instead of running without probes', async () => {
  server = await startHealthServer('127.0.0.1:0');

  await expect(startHealthServer(server.address)).rejects.toThrow(/EADDRINUSE/);
});
