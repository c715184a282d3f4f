import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { GoldenImageInput, GoldenImageSettings } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { goldenImageWorkflow } from '../../workflows/golden-image';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { FakeAwsRegion } from '../golden-image/fake-aws';
import { goldenImageWorker } from '../golden-image/setup';

// The golden-image workflow checks its settings against the definitions the loader uses
// (common/settings/golden-image.ts): what the loader refuses fails a hand-started run at
// once, naming the field, before any AWS call.

const REGION = 'ap-northeast-1';
const NEW_AMI = 'ami-0fedcba9876543210';
const server = useTimeSkippingEnv();

function backupEvent(settings: Partial<GoldenImageSettings>): GoldenImageInput {
  return {
    region: REGION,
    imageId: NEW_AMI,
    description: 'Created for policy: policy-0123 schedule: EC2_BACKUP daily',
    settings: { launchTemplateIdParameter: '/web/launch-template-id', ...settings },
  };
}

test.each([
  ['a 300-character version description', { versionDescription: 'v'.repeat(300) }, 'settings.versionDescription expected 1 to 255 characters, got 300'],
  ['a 0 s refresh poll', { instanceRefresh: { enabled: true, pollIntervalSeconds: 0 } }, 'settings.instanceRefresh.pollIntervalSeconds expected a number from 1 to 3600, got 0'],
  ['a parameter name with a space', { launchTemplateIdParameter: 'web prod' }, 'settings.launchTemplateIdParameter expected an SSM parameter name'],
])('%s fails the run before any AWS call, naming the field', async (_, settings, message) => {
  // Prepare
  const fake = new FakeAwsRegion(REGION);
  const input = backupEvent(settings);
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const err = await worker
    .runUntil(
      server.env.client.workflow.execute(goldenImageWorkflow, {
        taskQueue,
        workflowId: `${workflowIds.goldenImage(REGION, NEW_AMI)}/${taskQueue}`,
        args: [input],
      }),
    )
    .catch((e: unknown) => e);

  // Assess
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(cause?.message).toContain(message);
  expect(fake.callCount()).toBe(0);
});
