import { existsSync } from 'node:fs';
import { join } from 'node:path';

const toolsDir = join(__dirname, '..', '..', '.tools');

/** The Java time-skipping test server installed by tools/install-test-server.sh. */
export const testServerPath = join(toolsDir, 'test-server', 'temporal-test-server');

/** The Temporal CLI (dev server) built by tools/install-temporal-cli.sh. */
export const temporalCliPath = join(toolsDir, 'bin', 'temporal');

export function requireInstalled(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run 'bash tools/setup.sh' (npm test does) to install the Temporal servers`);
  }
  return path;
}
