import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from './fixtures';

const repo = join(__dirname, '..', '..');
const bundle = join(repo, 'dist', 'bridge', 'index.js');

beforeAll(() => {
  execFileSync('bash', [join(repo, 'tools', 'build-bridge.sh')], { cwd: repo, stdio: 'pipe' });
}, 60_000);

/** Invokes the built handler in a fresh Node process, as Lambda's runtime would load it. */
function invokeBundle(eventFile: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const { handler } = require(${JSON.stringify(bundle)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
    handler(event).then(
      (r) => { process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'); },
      (e) => { process.stdout.write('ERROR ' + e.message + '\\n'); process.exitCode = 1; });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    // Nothing here may reach Temporal: an address on 127.0.0.1 where nothing listens.
    env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'WARN' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the build writes the handler and the validated fleet configuration as JSON', () => {
  expect(existsSync(bundle)).toBe(true);
  expect(existsSync(join(repo, 'dist', 'bridge', 'fleet-config.json'))).toBe(true);
});

test('the bundled handler acknowledges an SQS test notification using its bundled configuration', () => {
  const run = invokeBundle(fixturePath('sqs-test-notification.json'));

  expect(run.stdout).toContain('RESULT {"batchItemFailures":[]}');
  expect(run.status).toBe(0);
});

test('the bundled handler rejects a malformed event naming the field', () => {
  const run = invokeBundle(fixturePath('malformed-eventbridge-launch-missing-instance-id.json'));

  expect(run.status).toBe(1);
  expect(run.stdout).toContain('ERROR malformed event 12345678-1234-1234-1234-123456789012: detail.EC2InstanceId');
  // The error log line is structured JSON carrying the event id.
  expect(run.stdout + run.stderr).toMatch(/"level":"ERROR","message":"event failed".*"eventId":"12345678-1234-1234-1234-123456789012"/);
});
