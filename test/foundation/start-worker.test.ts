import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'tools', 'start-worker.sh');

test.each(['lots', '64', '256MB'])('`npm start` refuses WORKER_HEAP_MB=%s with one line naming it, before node starts', (value) => {
  const run = spawnSync('bash', [script], { env: { ...process.env, WORKER_HEAP_MB: value }, encoding: 'utf8' });

  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/invalid configuration: WORKER_HEAP_MB: .*got '.*'/)]);
});
