import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { ManualClock } from '../../simulator/clock';
import { simulatorClients } from '../../simulator/sdk-clients';
import { startSimulator, type Simulator } from '../../simulator/simulator';
import { startMoto, type RunningMoto } from './moto-server';
import { runContractScenario, type CallOutcome } from './scenario';
import { compareShapes } from './shapes';

/**
 * Keeps the simulator honest: the same calls, through the same SDK clients, against moto
 * (moto[server] >= 5.1.22, installed by tools/install-moto.sh) and the simulator. Both must
 * succeed or fail alike (same error name), every field both return must parse to the same
 * type, and a field moto returns that the simulator lacks fails the test unless it is one of
 * the deliberate gaps below.
 */
const KNOWN_GAPS: Array<[prefix: string, why: string]> = [
  ['Reservations[].Instances[].PublicIpAddress', 'the simulator never hands out a non-loopback address'],
  ['Reservations[].Instances[].NetworkInterfaces[].Association', 'no public addressing'],
  ['Reservations[].Instances[].NetworkInterfaces[].PrivateIpAddresses[].Association', 'no public addressing'],
  ['Reservations[].Instances[].StateReason', 'moto fills it for running instances; AWS only for stopped/terminated ones, as the simulator does'],
  ['Reservations[].Instances[].Platform', "moto's stock AMIs are Windows; simulated images are Linux, which has no Platform"],
  ['Images[].Platform', "moto's stock AMIs are Windows; simulated images are Linux"],
  ['service.taskSets', 'task sets belong to EXTERNAL deployment controllers; simulated services use ECS'],
  ['services[].taskSets', 'task sets belong to EXTERNAL deployment controllers'],
  ['Command.OutputS3', 'command output to S3 is not simulated'],
  ['Command.ServiceRole', 'command notifications are not simulated'],
  ['Command.NotificationConfig', 'command notifications are not simulated'],
  ['Commands[].OutputS3', 'command output to S3 is not simulated'],
  ['Commands[].ServiceRole', 'command notifications are not simulated'],
  ['Commands[].NotificationConfig', 'command notifications are not simulated'],
];

/** Calls made only to set the stage on both endpoints, not part of the product's surface. */
const SETUP_ONLY = new Set(['RegisterTaskDefinition']);

let moto: RunningMoto | undefined;
let sim: Simulator | undefined;
let fromMoto: Record<string, CallOutcome> = {};
let fromSimulator: Record<string, CallOutcome> = {};

beforeAll(async () => {
  moto = await startMoto();
  sim = await startSimulator({
    clock: new ManualClock(),
    fleet: { launchTemplates: [{ name: 'web-lt' }], autoScalingGroups: [{ name: 'web-asg', launchTemplateName: 'web-lt', desiredCapacity: 1 }] },
  });
  await sim.advance(60_000);

  const motoClients = simulatorClients(moto.url, { maxAttempts: 1 });
  const [stockImage] = (await motoClients.ec2.send(new DescribeImagesCommand({}))).Images ?? [];
  const run = await motoClients.ec2.send(new RunInstancesCommand({ ImageId: stockImage!.ImageId, MinCount: 1, MaxCount: 1 }));
  fromMoto = await runContractScenario(motoClients, run.Instances![0]!.InstanceId!);
  fromSimulator = await runContractScenario(simulatorClients(sim.url, { maxAttempts: 1 }), sim.state().instances[0]!.instanceId);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await moto?.stop();
});

test('the scenario covered every operation on both endpoints', () => {
  expect(Object.keys(fromSimulator).sort()).toEqual(Object.keys(fromMoto).sort());
  expect(Object.keys(fromMoto).length).toBeGreaterThanOrEqual(30);
});

const OPERATIONS = [
  'DescribeInstances', 'DescribeInstances (unknown id)', 'CreateImage', 'CreateTags', 'DescribeImages (by id)', 'DescribeImages (by tag)',
  'DescribeImages (unknown id)', 'CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate',
  'DescribeLaunchTemplateVersions ($Latest, $Default)', 'DescribeLaunchTemplateVersions (all)', 'CreateCluster', 'RegisterTaskDefinition',
  'CreateService', 'UpdateService', 'DescribeServices', 'TagResource', 'ListTagsForResource', 'DescribeServices (unknown cluster)',
  'UpdateService (unknown service)', 'PutParameter', 'PutParameter (exists)', 'GetParameter', 'GetParameter (missing)', 'SendCommand',
  'GetCommandInvocation', 'ListCommands', 'CreateTopic', 'Publish', 'Publish (unknown topic)',
];

test.each(OPERATIONS)('%s: same outcome and response shape as moto', (operation) => {
  const reference = fromMoto[operation];
  const candidate = fromSimulator[operation];
  if (!reference || !candidate) throw new Error(`${operation} was not called on both endpoints`);
  if ('error' in reference) {
    expect(candidate).toEqual(reference);
    return;
  }
  expect(candidate).not.toHaveProperty('error');
  if (SETUP_ONLY.has(operation)) return;
  const diff = compareShapes(reference.ok, 'ok' in candidate ? candidate.ok : undefined);
  expect(diff.typeMismatches).toEqual([]);
  expect(diff.missing.filter((path) => !KNOWN_GAPS.some(([prefix]) => path.startsWith(prefix)))).toEqual([]);
});
