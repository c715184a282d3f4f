import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchGateInput } from '../../common/launch-gate';
import type { TerminateInput } from '../../common/terminate';
import { formatSummary, type ScenarioReport } from '../../starters/demo';
import { Checker } from '../../starters/demo/scenario';
import { DEMO_FLEET_CONFIG_PATH, loadStackFleetConfig } from '../../starters/local-stack';
import { route } from '../../starters/routing/route';
import type { Routed } from '../../starters/routing/start-request';
import { runCli } from '../../starters/cli/run-cli';

const placeholders = { SIMULATOR_ORIGIN_URL: 'http://127.0.0.1:4567', SIMULATOR_REPLICA_PORT: '4566' };

function launchEvent(group: string, transition: 'launch' | 'terminate') {
  const event = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', `eventbridge-${transition}-lifecycle-action.json`), 'utf8'));
  event.detail.AutoScalingGroupName = group;
  return event;
}

test('the demo config fills the simulator placeholders and turns the gate search attributes on', () => {
  // Act
  const config = loadStackFleetConfig(DEMO_FLEET_CONFIG_PATH, placeholders);
  const routed = route(launchEvent('web-scale-out-asg', 'launch'), config) as Routed;

  // Assess
  const gate = routed.starts.find((s) => s.workflowType === 'launchGateWorkflowV2')!.args[0] as LaunchGateInput;
  expect(gate.upsertSearchAttributes).toBe(true);
  expect(gate.settings).toMatchObject({ originBaseUrl: 'http://127.0.0.1:4567', replicaPort: 4566, checkIntervalSeconds: 2 });
  expect(gate.settings).not.toHaveProperty('upsertSearchAttributes');
});

test('terminate runs of the demo get the short image poll interval and the fleet SNS topic', () => {
  // Act
  const config = loadStackFleetConfig(DEMO_FLEET_CONFIG_PATH, placeholders);
  const routed = route(launchEvent('web-scale-in-asg', 'terminate'), config) as Routed;

  // Assess
  const input = routed.starts[0]!.args[0] as TerminateInput;
  expect(input.settings).toMatchObject({
    fleetName: 'web-scale-in',
    forensics: { enabled: true, imagePollIntervalSeconds: 5 },
    notifications: { snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:fleet-demo-ops' },
  });
});

test('an unknown placeholder is an error naming it', () => {
  // Act + Assess
  expect(() => loadStackFleetConfig(DEMO_FLEET_CONFIG_PATH, { SIMULATOR_ORIGIN_URL: 'http://127.0.0.1:1' } as never)).toThrow(
    /unknown placeholder \$\{SIMULATOR_REPLICA_PORT\}/,
  );
});

test('a failed expectation fails the scenario and is named in the summary with what was seen', () => {
  // Prepare
  const check = new Checker();
  check.equal('the rollout succeeded', 'image-failed', 'rolled-out');
  check.that('the AMI is available', true);
  const report: ScenarioReport = { name: 'golden-image', title: 'Backup AMI', ok: check.expectations.every((e) => e.ok), seconds: 1, workflows: [], expectations: check.expectations };

  // Act
  const summary = formatSummary([report]);

  // Assess
  expect(report.ok).toBe(false);
  expect(summary).toContain('FAIL  Backup AMI');
  expect(summary).toContain('✘ the rollout succeeded (expected "rolled-out", got "image-failed")');
  expect(summary).toContain('0/1 scenarios passed, 1/2 expectations held; failed: golden-image');
});

test('demo rejects --idle with --once and an unknown scenario before starting anything', async () => {
  // Prepare
  const out: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: {}, readStdin: async () => '' };

  // Act
  const both = await runCli(['demo', '--idle', '--once'], io);
  const unknown = await runCli(['demo', '--scenario', 'nope'], io);

  // Assess
  expect(both).toBe(2);
  expect(unknown).toBe(2);
  expect(out.join('')).toContain('--idle and --once exclude each other');
  expect(out.join('')).toMatch(/Allowed choices are scale-out, unexpected-scale-in, planned-release, ecs-startup, golden-image/);
});
