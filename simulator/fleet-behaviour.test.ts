import { CreateImageCommand, DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { ManualClock } from './clock';
import type { CloudTrailDetail, EventBridgeEvent } from './events/eventbridge';
import { simulatorClients } from './sdk-clients';
import { startSimulator, type Simulator } from './simulator';

const SECOND = 1000;
let sim: Simulator;
let events: EventBridgeEvent[];
let clients: ReturnType<typeof simulatorClients>;

beforeEach(async () => {
  events = [];
  sim = await startSimulator({
    clock: new ManualClock(),
    timings: { instanceBootMs: 10 * SECOND, contentSyncMs: 30 * SECOND, imageCreateMs: 120 * SECOND, ecsTaskStartMs: 10 * SECOND, ssmCommandMs: 5 * SECOND },
    origin: { pages: { '/': '<h1>release 7</h1>', '/news': '<p>news</p>' } },
    events: { sink: (event) => void events.push(event) },
    fleet: {
      launchTemplates: [{ name: 'web-lt' }],
      autoScalingGroups: [{ name: 'web-asg', launchTemplateName: 'web-lt', desiredCapacity: 3, contentSyncPlan: [30 * SECOND, null] }],
      ecs: [
        {
          cluster: 'app-dev-cluster',
          services: [
            { name: 'app-dev-serviceA', desiredCount: 0 },
            { name: 'app-dev-serviceB', desiredCount: 0, dependsOn: ['app-dev-serviceA'] },
          ],
        },
      ],
    },
  });
  clients = simulatorClients(sim.url, { maxAttempts: 1 });
});

afterEach(async () => {
  await sim.stop();
});

async function runningInstances() {
  const out = await clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

async function get(url: string): Promise<string> {
  const response = await fetch(url, { headers: { Host: 'www.example.com' }, signal: AbortSignal.timeout(5000) });
  return response.text();
}

test('every instance gets its own loopback "private IP" and serves stale content until its sync time, or forever', async () => {
  await sim.advance(10 * SECOND);
  const instances = await runningInstances();
  expect(instances).toHaveLength(3);
  const ips = instances.map((i) => i.PrivateIpAddress!);
  expect(new Set(ips).size).toBe(3);
  for (const ip of ips) expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
  const origin = await get(`${sim.originUrl}/`);
  expect(origin).toBe('<h1>release 7</h1>');

  const replica = (ip: string, path = '/') => get(`http://${ip}:${sim.replicaPort}${path}`);
  for (const ip of ips) expect(await replica(ip)).not.toBe(origin);

  await sim.advance(30 * SECOND);
  const [syncs, never, byDefault] = ips;
  expect(await replica(syncs!)).toBe(origin);
  expect(await replica(syncs!, '/news')).toBe('<p>news</p>');
  expect(await replica(never!)).not.toBe(origin);
  expect(await replica(byDefault!)).toBe(origin);

  // A new release on the origin: synced replicas follow it.
  sim.setOriginPages({ '/': '<h1>release 8</h1>' });
  expect(await replica(syncs!)).toBe('<h1>release 8</h1>');
  await sim.advance(3600 * SECOND);
  expect(await replica(never!)).not.toBe('<h1>release 8</h1>');
});

test('an AMI is pending, then available; the next one can be told to fail; CreateImage emits the CloudTrail event', async () => {
  await sim.advance(10 * SECOND);
  const [instance] = await runningInstances();
  const create = (name: string) =>
    clients.ec2.send(
      new CreateImageCommand({
        InstanceId: instance!.InstanceId,
        Name: name,
        Description: 'EC2_BACKUP daily',
        NoReboot: true,
        TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'purpose', Value: 'forensics' }] }],
      }),
    );
  const { ImageId: ok } = await create('backup-1');
  sim.fleet.images.nextOutcomes.push('failed');
  const { ImageId: bad } = await create('backup-2');
  await sim.settled();
  const describe = async (id: string) => (await clients.ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images?.[0];
  expect((await describe(ok!))?.State).toBe('pending');
  await sim.advance(120 * SECOND);
  expect((await describe(ok!))?.State).toBe('available');
  expect(await describe(bad!)).toMatchObject({ State: 'failed', StateReason: { Code: 'Server.InternalError' } });

  const trail = events.filter((e) => e['detail-type'] === 'AWS API Call via CloudTrail') as Array<EventBridgeEvent<CloudTrailDetail>>;
  expect(trail).toHaveLength(2);
  expect(trail[0]).toMatchObject({
    source: 'aws.ec2',
    detail: {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateImage',
      awsRegion: 'us-east-1',
      requestParameters: { instanceId: instance!.InstanceId, name: 'backup-1', description: 'EC2_BACKUP daily', noReboot: true },
      responseElements: { imageId: ok },
    },
  });
  await expect(create('backup-1')).rejects.toMatchObject({ name: 'InvalidAMIName.Duplicate' });
});

test('an ECS service ramps up over time; its tasks fail while a declared dependency has no running task', async () => {
  const describe = async () =>
    (await clients.ecs.send(new DescribeServicesCommand({ cluster: 'app-dev-cluster', services: ['app-dev-serviceA', 'app-dev-serviceB'] }))).services!;
  await clients.ecs.send(new UpdateServiceCommand({ cluster: 'app-dev-cluster', service: 'app-dev-serviceB', desiredCount: 3 }));
  let [, b] = await describe();
  expect(b).toMatchObject({ desiredCount: 3, runningCount: 0, pendingCount: 3 });

  await sim.advance(10 * SECOND);
  [, b] = await describe();
  expect(b!.runningCount).toBe(0);
  expect(b!.deployments?.[0]?.failedTasks).toBe(3);
  expect(b!.events?.[0]?.message).toMatch(/dependency app-dev-serviceA is not running/);

  await clients.ecs.send(new UpdateServiceCommand({ cluster: 'app-dev-cluster', service: 'app-dev-serviceA', desiredCount: 1 }));
  await sim.advance(10 * SECOND);
  const [a] = await describe();
  expect(a).toMatchObject({ runningCount: 1, pendingCount: 0 });
  expect(a!.events?.[0]?.message).toBe('(service app-dev-serviceA) has reached a steady state.');
  await sim.advance(10 * SECOND);
  [, b] = await describe();
  expect(b).toMatchObject({ runningCount: 3, pendingCount: 0 });
  expect(b!.deployments?.[0]).toMatchObject({ rolloutState: 'COMPLETED', failedTasks: expect.any(Number) });
  expect(b!.events?.[0]?.createdAt).toBeInstanceOf(Date);
});

test('SSM commands run for a while and end as configured, per instance', async () => {
  await sim.advance(10 * SECOND);
  const [ok, failing, hanging] = (await runningInstances()).map((i) => i.InstanceId!);
  sim.setCommandOutcome({ status: 'Failed', stderr: 'td-agent: no such process', responseCode: 1 }, failing);
  sim.setCommandOutcome({ status: 'Hang' }, hanging);
  const sent = await clients.ssm.send(
    new SendCommandCommand({ InstanceIds: [ok!, failing!, hanging!], DocumentName: 'AWS-RunShellScript', Parameters: { commands: ['pkill -USR1 td-agent', 'systemctl stop zabbix-agent'] } }),
  );
  const invocation = (instanceId: string) => clients.ssm.send(new GetCommandInvocationCommand({ CommandId: sent.Command!.CommandId, InstanceId: instanceId }));
  expect((await invocation(ok!)).Status).toBe('InProgress');
  await sim.advance(5 * SECOND);
  expect(await invocation(ok!)).toMatchObject({ Status: 'Success', ResponseCode: 0, StandardOutputContent: expect.stringContaining('systemctl stop zabbix-agent') });
  expect(await invocation(failing!)).toMatchObject({ Status: 'Failed', ResponseCode: 1, StandardErrorContent: 'td-agent: no such process' });
  await sim.advance(3000 * SECOND);
  expect((await invocation(hanging!)).Status).toBe('InProgress');
  // A hung script is stopped by the document's execution timeout (default 3600 s).
  await sim.advance(600 * SECOND);
  expect((await invocation(hanging!)).Status).toBe('TimedOut');
  await expect(clients.ssm.send(new SendCommandCommand({ InstanceIds: ['i-0000000000000dead'], DocumentName: 'AWS-RunShellScript' }))).rejects.toMatchObject({
    name: 'InvalidInstanceId',
  });
});
