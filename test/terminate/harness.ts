import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { sameClientsForEveryRegion } from '../../activities/aws-clients';
import { createDrainActivities } from '../../activities/drain';
import { createFleetActivities } from '../../activities/fleet';
import { createForensicsActivities } from '../../activities/forensics';
import { createLifecycleActionActivities } from '../../activities/lifecycle-actions';
import { createMonitoringActivities } from '../../activities/monitoring';
import { createNotificationActivities } from '../../activities/notifications';
import type { FleetStateView, LaunchObserved, TerminateInput, TerminateSettings } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import { fleetStateQuery, fleetWorkflow, launchObservedSignal } from '../../workflows/fleet';
import { createLocalEnv, createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { FakeAws } from './fake-aws';
import { FakeZabbix } from './zabbix-server';

export const workflowsPath = require.resolve('./workflows');

/** One time-skipping server, one worker with the real activities (fake AWS, Zabbix on 127.0.0.1) per test file. */
export class TerminateHarness {
  env!: TestWorkflowEnvironment;
  readonly aws = new FakeAws();
  readonly zabbix = new FakeZabbix();
  taskQueue = uniqueTaskQueue('terminate');
  private worker?: Worker;
  private running?: Promise<void>;
  private counter = 0;

  /** `dev`: the real dev server in real time, for what the time-skipping server cannot do (a cancelled activity that completes later). */
  constructor(private readonly server: 'time-skipping' | 'dev' = 'time-skipping') {}

  async start(): Promise<void> {
    this.env = this.server === 'dev' ? await createLocalEnv() : await createTimeSkippingEnv();
    const apiUrl = await this.zabbix.start();
    const clientsFor = sameClientsForEveryRegion(this.aws.clients);
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities: {
        ...createLifecycleActionActivities(clientsFor),
        ...createForensicsActivities(clientsFor),
        ...createDrainActivities(clientsFor),
        ...createMonitoringActivities({ zabbix: { apiUrl, apiToken: this.zabbix.token } }),
        ...createFleetActivities({ temporalClient: this.env.client }),
        ...createNotificationActivities({ clientsFor }),
      },
    });
    this.running = this.worker.run();
  }

  async stop(): Promise<void> {
    this.worker?.shutdown();
    await this.running?.catch(() => undefined);
    await this.zabbix.stop();
    await this.env?.teardown();
  }

  resetWorld(): void {
    this.aws.reset();
    this.zabbix.hosts.clear();
    this.zabbix.calls.length = 0;
    this.zabbix.faults.length = 0;
  }

  /** A fresh instance in a terminating wait, with a pending action and a Zabbix host named after its private DNS name. */
  newInstance(autoScalingGroupName: string): { instanceId: string; token: string } {
    this.counter += 1;
    const instanceId = `i-0${(0xabc000 + this.counter).toString(16)}${String(process.pid % 1000).padStart(3, '0')}00000`;
    this.aws.actions.set(instanceId, 'pending');
    if (!this.aws.groups.has(autoScalingGroupName)) this.aws.groups.set(autoScalingGroupName, {});
    this.zabbix.addHost(this.aws.privateDnsName);
    return { instanceId, token: `tok-${this.counter}-0000-4000-8000-${String(this.counter).padStart(12, '0')}` };
  }

  input(autoScalingGroupName: string, fleetName: string, settings: Partial<TerminateSettings> = {}): TerminateInput {
    const { instanceId, token } = this.newInstance(autoScalingGroupName);
    return {
      action: { autoScalingGroupName, lifecycleHookName: 'terminate-hook', instanceId, lifecycleActionToken: token },
      settings: { fleetName, drain: { monitoring: { kind: 'zabbix' } }, ...settings },
    };
  }

  async startTerminate(input: TerminateInput): Promise<WorkflowHandle> {
    return this.env.client.workflow.start('terminateWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: workflowIds.terminate(input.action.instanceId, input.action.lifecycleActionToken ?? 'none'),
      args: [input],
    });
  }

  fleetHandle(fleetName: string): WorkflowHandle<typeof fleetWorkflow> {
    return this.env.client.workflow.getHandle(workflowIds.fleet(fleetName));
  }

  /** What the bridge does on every launch event: signal-with-start fleet/<name>. */
  async observeLaunch(fleetName: string, launch: Omit<LaunchObserved, 'at'> & { at?: string }): Promise<void> {
    const at = new Date(await this.env.currentTimeMs()).toISOString();
    await this.env.client.workflow.signalWithStart(fleetWorkflow, {
      taskQueue: this.taskQueue,
      workflowId: workflowIds.fleet(fleetName),
      args: [{ fleetName }],
      signal: launchObservedSignal,
      signalArgs: [{ at, ...launch }],
    });
  }

  /** Queries until the fleet shows what the test expects (a signal is applied by the next workflow task). */
  async fleetState(fleetName: string, until: (view: FleetStateView) => boolean = () => true): Promise<FleetStateView> {
    let view: FleetStateView | undefined;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      view = await this.fleetHandle(fleetName).query(fleetStateQuery);
      if (until(view)) return view;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`fleet ${fleetName} never reached the expected state: ${JSON.stringify(view)}`);
  }
}

/** One harness per test file: started before its tests, stopped after them, its world reset before each. */
export function useTerminateHarness(server: 'time-skipping' | 'dev' = 'time-skipping'): TerminateHarness {
  const h = new TerminateHarness(server);
  beforeAll(async () => {
    await h.start();
  }, 120_000);
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => h.resetWorld());
  return h;
}
