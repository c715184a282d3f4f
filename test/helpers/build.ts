import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run build` into dist/, one process at a time: two test files (the built worker's e2e
 * file, the production install) may ask at once, and two builds writing dist/ together would
 * each read the other's half-written files. The build is incremental (tsconfig.build.json), so
 * the second asker pays only for the check and the workflow bundle.
 */
export function buildOnce(): void {
  mkdirSync(join(ROOT, '.stack'), { recursive: true });
  execFileSync('flock', [join(ROOT, '.stack', 'build.lock'), 'npm', 'run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
