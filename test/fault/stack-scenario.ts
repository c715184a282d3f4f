// One mixed story on the local stack, for the fault tests: a scale-out, an unexpected scale-in
// (forensic AMI + drain), a DLM backup rolled into a launch template, and the original's ECS
// startup. The tests break things while it plays; `finishScenario` says what survived.
import { CreateImageCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { ECS_STARTUP_WORKFLOW } from '../../common/ecs-plan';
import { workflowIds } from '../../common/workflow-ids';
import type { SimulatorState } from '../../simulator';
import { parseEcsPlan } from '../../starters/ecs/plan-file';
import { loadFleetSpec, startLocalStack, type LocalStack } from '../../starters/local-stack';
import { waitUntil } from '../helpers/wait';
import { workflowBundleFile } from '../helpers/workflow-bundles';
import { recordCalls, type CallRecorder } from './call-recorder';

export const SCALE_OUT = { group: 'web-scale-out-asg', instances: 4 };
export const SCALE_IN = { group: 'web-scale-in-asg', from: 2, to: 1 };
const GOLDEN = { template: 'web-golden-lt', source: 'backup-source-asg', parameter: '/demo/web-golden/launch-template-id' };
const ECS_PLAN = `
name: myapp-dev
cluster: myapp-dev-cluster
services:
  - { name: myapp-dev-serviceA, desiredCount: 1 }
  - { name: myapp-dev-serviceB, desiredCount: 3, dependsOn: [myapp-dev-serviceA] }
  - { name: myapp-dev-serviceC, desiredCount: 1, dependsOn: [myapp-dev-serviceB] }
  - { name: myapp-dev-serviceD, desiredCount: 7, dependsOn: [myapp-dev-serviceB] }
  - { name: myapp-dev-serviceE, desiredCount: 1, dependsOn: [myapp-dev-serviceB] }
pollIntervalSeconds: 2
serviceTimeoutSeconds: 150
overallTimeoutSeconds: 170
`;
export const ECS_SERVICES = 5;
/** Gates of both groups, the terminate run, the golden image rollout, the ECS startup. */
export const EXPECTED_RUNS = SCALE_OUT.instances + SCALE_IN.from + 1 + 1 + 1;

export interface Scenario {
  stack: LocalStack;
  calls: CallRecorder;
  started: number;
  /** Progress lines, printed at the end with what survived. */
  lines: string[];
  say(line: string): void;
  simState(): Promise<SimulatorState>;
}

export async function startScenarioStack(name: string): Promise<Scenario> {
  const lines: string[] = [];
  const started = Date.now();
  const say = (line: string) => lines.push(`[${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const fleet = loadFleetSpec();
  // Every launch syncs: the fault tests are about survival, not about the gate giving up.
  for (const group of fleet.autoScalingGroups ?? []) group.contentSyncPlan = [];
  // Each restart of the worker loads the run's one bundle instead of bundling again.
  const worker = { env: { WORKFLOW_BUNDLE_PATH: await workflowBundleFile(require.resolve('../../workflows')) } };
  const stack = await startLocalStack({ fleet, temporal: { uiPort: false }, worker, log: say, bridgeLogLevel: 'ERROR' });
  const scenario: Scenario = {
    stack,
    calls: recordCalls(stack.simulator.url),
    started,
    lines,
    say,
    simState: async () => (await (await fetch(`${stack.simulator.url}/_sim/state`)).json()) as SimulatorState,
  };
  return scenario;
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

/** What AWS and operators do to start the story; the calls the test makes itself come before any fault. */
export async function prepareScenario(s: Scenario): Promise<void> {
  const state = await s.simState();
  const template = state.launchTemplates.find((t) => t.name === GOLDEN.template)!;
  s.stack.simulator.setup({ parameters: [{ name: GOLDEN.parameter, value: template.launchTemplateId }] });
  const source = state.autoScalingGroups.find((g) => g.name === GOLDEN.source)!.instances[0]!.instanceId;
  // EC2 images only a running (or stopped) instance, and the group's first instance may still be
  // booting when the stack is up: wait for it, as the daily backup would find it.
  await waitUntil(`${source} running`, 30_000, async () => (await s.simState()).instances.some((i) => i.instanceId === source && i.state === 'running'), 250);
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: s.stack.simulator.url, credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' } });
  // The daily DLM backup: its CloudTrail event starts the golden image rollout.
  await ec2.send(new CreateImageCommand({ InstanceId: source, Name: 'web-golden-daily', Description: 'Created for policy: policy-0abc schedule: Default Schedule EC2_BACKUP' }));
  ec2.destroy();
  s.say(`DLM backup image requested from ${source}`);
}

export async function playScenario(s: Scenario): Promise<void> {
  await startStory(s);
  await scaleIn(s);
}

/** Scale-outs and the ECS startup; the events reach the bridge as the simulator emits them. */
export async function startStory(s: Scenario): Promise<void> {
  const sim = s.stack.simulator.url;
  await post(`${sim}/_sim/asg/${SCALE_OUT.group}/desired-capacity`, { desiredCapacity: SCALE_OUT.instances });
  await post(`${sim}/_sim/asg/${SCALE_IN.group}/desired-capacity`, { desiredCapacity: SCALE_IN.from });
  const { plan } = parseEcsPlan(ECS_PLAN, 'fault-ecs-plan.yaml');
  await s.stack.client.workflow.start(ECS_STARTUP_WORKFLOW, {
    taskQueue: s.stack.taskQueue,
    workflowId: workflowIds.ecsStartup(plan.name, 'fault-test'),
    args: [{ plan }],
  });
  s.say(`scaled ${SCALE_OUT.group} to ${SCALE_OUT.instances}, ${SCALE_IN.group} to ${SCALE_IN.from}; ECS startup of ${plan.name} started`);
}

/** Once the scale-in group is in service (so the fleet entity knows it is current), loses an instance. */
export async function scaleIn(s: Scenario): Promise<void> {
  const sim = s.stack.simulator.url;
  // The scale-in must follow the launches, so the fleet entity knows the group is the current one.
  await waitFor(`${SCALE_IN.group} in service`, 150_000, async () => {
    const group = (await s.simState()).autoScalingGroups.find((g) => g.name === SCALE_IN.group)!;
    return group.instances.filter((i) => i.lifecycleState === 'InService').length >= SCALE_IN.from;
  });
  await post(`${sim}/_sim/asg/${SCALE_IN.group}/desired-capacity`, { desiredCapacity: SCALE_IN.to });
  s.say(`scaled ${SCALE_IN.group} in to ${SCALE_IN.to} (unexpected: no release window)`);
}

/** Runs whose id starts with `prefix`, as Temporal lists them (0 while the server is away). */
export async function countRuns(s: Scenario, prefix: string): Promise<number> {
  let n = 0;
  for await (const run of s.stack.client.workflow.list()) if (run.workflowId.startsWith(prefix)) n += 1;
  return n;
}

/** Polls every 500 ms until `check` holds, looks that fail while the server restarts included. */
export function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  return waitUntil(what, timeoutMs, check, 500);
}

async function listRuns(s: Scenario): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  // The long-lived entities (fleet) and the locks (ECS plan, launch template) are not the story's own runs.
  const notStory = ['fleet/', 'ecs-plan-lock/', 'golden-image-lock/'];
  for await (const run of s.stack.client.workflow.list()) {
    if (!notStory.some((prefix) => run.workflowId.startsWith(prefix))) runs.push(run);
  }
  return runs;
}

export interface Survival {
  runs: { workflowId: string; status: string; outcome?: string; forensics?: string }[];
  /** Runs per workflow id above one: a second execution of the same business key. */
  secondRuns: string[];
  forensicImages: number;
  goldenVersions: number;
  lifecycleDecidedBy: Record<string, number>;
  ecsRunning: Record<string, number>;
  calls: { createImage: number; createLaunchTemplateVersion: number; updateService: number; completeLifecycleAction: number; errors: Record<string, number>; total: number };
}

/** Waits until every run of the story has closed, then reads what happened from Temporal and /_sim/state. */
export async function finishScenario(s: Scenario, timeoutMs: number): Promise<Survival> {
  await waitFor(`${EXPECTED_RUNS} runs closed`, timeoutMs, async () => {
    const runs = await listRuns(s);
    return runs.length >= EXPECTED_RUNS && runs.every((r) => r.status.name !== 'RUNNING');
  });
  await s.calls.stop();
  const runs = await listRuns(s);
  const perId = new Map<string, number>();
  for (const r of runs) perId.set(r.workflowId, (perId.get(r.workflowId) ?? 0) + 1);
  const results = await Promise.all(
    runs.map(async (r) => {
      const result = r.status.name === 'COMPLETED'
        ? ((await s.stack.client.workflow.getHandle(r.workflowId, r.runId).result()) as { outcome?: string; forensics?: { status: string } })
        : undefined;
      return { workflowId: r.workflowId, status: r.status.name, outcome: result?.outcome, forensics: result?.forensics?.status };
    }),
  );
  const state = await s.simState();
  const scaledIn = state.lifecycleActions.filter((a) => a.autoScalingGroupName === SCALE_IN.group && a.transition.includes('TERMINATING'));
  const scaledInIds = new Set(scaledIn.map((a) => a.instanceId));
  const template = state.launchTemplates.find((t) => t.name === GOLDEN.template)!;
  const backupImages = new Set(state.images.filter((i) => i.description?.includes('EC2_BACKUP')).map((i) => i.imageId));
  const decidedBy: Record<string, number> = {};
  for (const a of state.lifecycleActions) decidedBy[a.decidedBy] = (decidedBy[a.decidedBy] ?? 0) + 1;
  return {
    runs: results.sort((a, b) => a.workflowId.localeCompare(b.workflowId)),
    secondRuns: [...perId.entries()].filter(([, n]) => n > 1).map(([id]) => id),
    forensicImages: state.images.filter((i) => i.sourceInstanceId && scaledInIds.has(i.sourceInstanceId)).length,
    goldenVersions: template.versions.filter((v) => v.imageId && backupImages.has(v.imageId)).length,
    lifecycleDecidedBy: decidedBy,
    ecsRunning: Object.fromEntries(state.ecs.flatMap((c) => c.services.map((svc) => [svc.serviceName, svc.runningCount]))),
    calls: {
      createImage: s.calls.succeeded('CreateImage'),
      createLaunchTemplateVersion: s.calls.succeeded('CreateLaunchTemplateVersion'),
      updateService: s.calls.succeeded('UpdateService'),
      completeLifecycleAction: s.calls.succeeded('CompleteLifecycleAction'),
      errors: s.calls.errors(),
      total: s.calls.total(),
    },
  };
}

export function report(s: Scenario, tried: string, survival: Survival): void {
  const outcomes = survival.runs.map((r) => `${r.workflowId}: ${r.status}${r.outcome ? ` ${r.outcome}` : ''}${r.forensics ? ` (forensics ${r.forensics})` : ''}`);
  process.stdout.write(
    [
      ...s.lines,
      `tried: ${tried}`,
      `survived: ${survival.runs.filter((r) => r.status === 'COMPLETED').length}/${survival.runs.length} runs completed; ` +
        `forensic AMIs ${survival.forensicImages}, golden template versions ${survival.goldenVersions}, second runs ${survival.secondRuns.length}; ` +
        `AWS calls ${survival.calls.total} (${JSON.stringify(survival.calls.errors)} errors), UpdateService ok ${survival.calls.updateService}, ` +
        `CreateLaunchTemplateVersion ok ${survival.calls.createLaunchTemplateVersion}; lifecycle actions decided by ${JSON.stringify(survival.lifecycleDecidedBy)}`,
      ...outcomes.map((o) => `  ${o}`),
      '',
    ].join('\n'),
  );
}
