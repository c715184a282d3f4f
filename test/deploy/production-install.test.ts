import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnLogged, type ManagedChild } from '../../starters/local-stack/child-process';
import { freePort } from '../../starters/local-stack/free-port';
import { playScenario } from '../../starters/demo';
import { startLocalStack, type LocalStack } from '../../starters/local-stack';
import { failures, SCENARIO_TIMEOUT_MS, STACK_START_TIMEOUT_MS } from '../e2e/e2e-stack';
import { buildOnce } from '../helpers/build';
import { workflowBundleFile } from '../helpers/workflow-bundles';

// What the Dockerfile does, without a Docker engine: the packed project with production
// dependencies only (`npm ci --omit=dev`) and the build's dist/ with the prebuilt workflow
// bundle, started as the image starts it (tools/start-worker.sh) against the dev server and
// the simulator. A run-time dependency declared only in devDependencies fails here.

const REPO = join(__dirname, '..', '..');
// npm ci of the production dependencies (from the npm cache when warm) and a tsc build on 2 shared cores.
const INSTALL_TIMEOUT_MS = 600_000;

let workDir: string;
let app: string;
let stack: LocalStack | undefined;
let worker: ManagedChild | undefined;
const progress: string[] = [];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'fleet-image-'));
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', workDir], REPO).trim().split('\n').pop()!;
  run('tar', ['-xzf', join(workDir, tarball), '-C', workDir], workDir);
  app = join(workDir, 'package');
  // As the Dockerfile copies it: npm pack leaves the lockfile out, and npm ci needs it.
  copyFileSync(join(REPO, 'package-lock.json'), join(app, 'package-lock.json'));
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app);
  // The image's build stage: `npm run build` with every dependency, its dist/ copied into the runtime stage.
  buildOnce();
  cpSync(join(REPO, 'dist'), join(app, 'dist'), { recursive: true });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the install holds exactly the lockfile\'s production packages: no devDependency came along', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean }> };
  const top = Object.entries(lock.packages).filter(([path]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path));
  const installed = (path: string) => existsSync(join(app, path, 'package.json'));

  const devInstalled = top.filter(([path, entry]) => entry.dev && installed(path)).map(([path]) => path);
  const prodMissing = top.filter(([path, entry]) => !entry.dev && !entry.optional && !installed(path)).map(([path]) => path);

  expect(top.some(([path, entry]) => path === 'node_modules/aws-cdk-lib' && entry.dev)).toBe(true);
  expect({ devInstalled, prodMissing }).toEqual({ devInstalled: [], prodMissing: [] });
});

test(
  'the installed worker becomes ready, passes a gate and exits 0 on SIGTERM',
  async () => {
    const stackWorker = { env: { WORKFLOW_BUNDLE_PATH: await workflowBundleFile(require.resolve('../../workflows')) } };
    stack = await startLocalStack({ temporal: { uiPort: false }, worker: stackWorker, log: (line) => progress.push(line) });
    // The stack's own worker makes way for the installed one on the same task queue.
    await stack.worker.kill('SIGTERM');
    const healthPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...stack.simulator.awsEnvironment(),
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      WORKER_SHUTDOWN_GRACE_TIME: '5s',
      HEALTH_BIND_ADDRESS: `127.0.0.1:${healthPort}`,
      NODE_ENV: 'production',
    };
    const guard = join(app, 'dist', 'starters', 'local-stack', 'exit-with-parent.js');
    worker = spawnLogged('bash', [join(app, 'tools', 'start-worker.sh'), '-r', guard], { cwd: app, env, logFile: join(stack.stateDir, 'installed-worker.log') });

    await waitForReady(`http://127.0.0.1:${healthPort}`, worker, 120_000);
    const report = await playScenario(stack, 'scale-out', (line) => progress.push(line));
    expect(failures(report)).toEqual([]);

    worker.process.kill('SIGTERM');
    const code = await worker.exited;
    expect({ code, log: code === 0 ? '' : readFileSync(join(stack.stateDir, 'installed-worker.log'), 'utf8').slice(-3000) }).toEqual({ code: 0, log: '' });
  },
  STACK_START_TIMEOUT_MS + SCENARIO_TIMEOUT_MS,
);

/** Polls /readyz as the image's HEALTHCHECK does; /healthz must answer as soon as the process listens. */
async function waitForReady(base: string, child: ManagedChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`the installed worker exited with ${child.process.exitCode} before it was ready`);
    try {
      const ready = await fetch(`${base}/readyz`);
      last = `${ready.status} ${await ready.text()}`;
      if (ready.ok) {
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        return;
      }
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/readyz never answered 200 (last: ${last})`);
}
