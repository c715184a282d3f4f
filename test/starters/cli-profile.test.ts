import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalEnv } from '../helpers/time-skipping';
import { cli } from './cli-io';

// The CLI reads its connection as the `temporal` CLI does: a TOML profile, variables over it.
let env: TestWorkflowEnvironment;
let dir: string;

beforeAll(async () => {
  env = await createLocalEnv();
  dir = mkdtempSync(join(tmpdir(), 'cli-profile-'));
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await env?.teardown();
});

test('`status` reaches the server and namespace a TOML profile names, chosen by TEMPORAL_PROFILE', async () => {
  // Prepare: a run, and a profile file whose default profile points nowhere.
  const configFile = join(dir, 'temporal.toml');
  writeFileSync(configFile, `[profile.default]\naddress = "127.0.0.1:1"\n\n[profile.local]\naddress = "${env.address}"\nnamespace = "default"\n`);
  const handle = await env.client.workflow.start('someWorkflow', { taskQueue: 'cli-profile', workflowId: 'cli-profile/run' });

  // Act
  const viaProfile = await cli(['status', '--workflow-id', handle.workflowId], { TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'local' });
  const missing = await cli(['status', '--workflow-id', handle.workflowId], { TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'nope' });

  // Assess
  expect(viaProfile.stderr).toBe('');
  expect(viaProfile.json()).toMatchObject({ workflowId: 'cli-profile/run', status: 'RUNNING' });
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toMatch(/TEMPORAL_PROFILE: Profile 'nope' not found/);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
});
