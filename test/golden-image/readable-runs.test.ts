// What an operator sees in the Web UI: one summary per activity on the timeline, and the
// progress under the name every workflow answers as well as the old one.
import { GOLDEN_IMAGE_PROGRESS_QUERY, PIN_LATEST_PROGRESS_QUERY, type GoldenImageInput } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { oneLineSummary } from '../../workflows/activity-summaries';
import { goldenImageWorkflow } from '../../workflows/golden-image';
import { pinLatestWorkflow } from '../../workflows/pin-latest';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { activitySummaries } from '../helpers/histories';
import { FakeAwsRegion } from './fake-aws';
import { goldenImageWorker } from './setup';

const REGION = 'ap-northeast-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
const PARAMETER = '/web/launch-template-id';
const NEW_AMI = 'ami-0fedcba9876543210';

const server = useTimeSkippingEnv();


test('a rollout names each AWS call on the timeline, and answers progress under both names', async () => {
  // Prepare
  const fake = new FakeAwsRegion(REGION);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', ['ami-00000000000000001']);
  fake.images.set(NEW_AMI, { state: 'available' });
  const input: GoldenImageInput = {
    region: REGION,
    imageId: NEW_AMI,
    description: 'EC2_BACKUP nightly',
    settings: { launchTemplateIdParameter: PARAMETER },
  };
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const { summaries, progress, legacyProgress } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(goldenImageWorkflow, {
      taskQueue,
      workflowId: `${workflowIds.goldenImage(REGION, NEW_AMI)}/${taskQueue}`,
      args: [input],
    });
    await handle.result();
    return {
      summaries: await activitySummaries(handle),
      progress: await handle.query('progress'),
      legacyProgress: await handle.query(GOLDEN_IMAGE_PROGRESS_QUERY),
    };
  });

  // Assess
  expect(summaries).toEqual([
    `DescribeImages ${NEW_AMI}`,
    `GetParameter ${PARAMETER}`,
    `DescribeLaunchTemplateVersions ${TEMPLATE}`,
    `CreateLaunchTemplateVersion ${TEMPLATE} ${NEW_AMI}`,
    `ModifyLaunchTemplate ${TEMPLATE} default 2`,
    `DescribeAutoScalingGroups using ${TEMPLATE}`,
  ]);
  expect(progress).toMatchObject({ phase: 'done', launchTemplateId: TEMPLATE, launchTemplateVersion: 2 });
  expect(legacyProgress).toEqual(progress);
});

test('pinning a group names its calls too, and answers progress under both names', async () => {
  const fake = new FakeAwsRegion(REGION);
  fake.groups.push({ AutoScalingGroupName: 'web-blue', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as never);
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  const { summaries, progress, legacyProgress } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(pinLatestWorkflow, {
      taskQueue,
      workflowId: workflowIds.pinLatest(REGION, 'web-blue', `${taskQueue}-event`),
      args: [{ region: REGION, autoScalingGroupName: 'web-blue' }],
    });
    await handle.result();
    return {
      summaries: await activitySummaries(handle),
      progress: await handle.query('progress'),
      legacyProgress: await handle.query(PIN_LATEST_PROGRESS_QUERY),
    };
  });

  expect(summaries).toEqual(['DescribeAutoScalingGroups web-blue', 'UpdateAutoScalingGroup web-blue $Latest']);
  expect(progress).toEqual({ phase: 'done', outcome: 'pinned' });
  expect(legacyProgress).toEqual(progress);
});

test('a summary is one line, and a long one is shortened below the server limit of 400 bytes', () => {
  expect(oneLineSummary('DescribeServices  web:\n api, worker ')).toBe('DescribeServices web: api, worker');
  const long = oneLineSummary(`DescribeServices ${Array.from({ length: 60 }, (_, i) => `service-${i}`).join(', ')}`);
  expect(long.endsWith('…')).toBe(true);
  expect(Buffer.byteLength(long)).toBeLessThan(400);
});
