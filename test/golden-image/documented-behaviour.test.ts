import { CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import type { GoldenImageInput } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { goldenImageWorkflow } from '../../workflows/golden-image';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { FakeAwsRegion } from './fake-aws';
import { goldenImageWorker } from './setup';

// docs/golden-image.md, step 3 and 4: a run stopped between CreateLaunchTemplateVersion and
// ModifyLaunchTemplate leaves $Latest carrying the AMI without being the default; the next
// run must not add a second version, and must still make it the default (issue 14, item 5).
const REGION = 'ap-northeast-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
const PARAMETER = '/web/launch-template-id';
const OLD_AMI = 'ami-00000000000000001';
const NEW_AMI = 'ami-0fedcba9876543210';

const server = useTimeSkippingEnv();

test('$Latest already carries the AMI but is not the default: no second version, and the default is set to it', async () => {
  // Prepare: version 2 has the new AMI (created by the stopped run); version 1 is still the default.
  const fake = new FakeAwsRegion(REGION);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', [OLD_AMI, NEW_AMI], 1);
  fake.images.set(OLD_AMI, { state: 'available', creationDate: '2026-01-01T00:00:00.000Z' });
  fake.images.set(NEW_AMI, { state: 'available', creationDate: '2026-02-01T00:00:00.000Z' });
  const input: GoldenImageInput = {
    region: REGION,
    imageId: NEW_AMI,
    description: 'Created for policy: policy-0123 schedule: EC2_BACKUP daily',
    settings: { launchTemplateIdParameter: PARAMETER },
  };
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(goldenImageWorkflow, {
      taskQueue,
      workflowId: `${workflowIds.goldenImage(REGION, NEW_AMI)}/${taskQueue}`,
      args: [input],
    }),
  );

  // Assess
  expect(result).toMatchObject({ outcome: 'already-current', createdVersion: false, launchTemplateVersion: 2, defaultVersion: 2 });
  expect(fake.ec2).not.toHaveReceivedCommand(CreateLaunchTemplateVersionCommand);
  expect(fake.ec2).toHaveReceivedCommandTimes(ModifyLaunchTemplateCommand, 1);
  expect(fake.ec2).toHaveReceivedCommandWith(ModifyLaunchTemplateCommand, { LaunchTemplateId: TEMPLATE, DefaultVersion: '2' });
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1, 2]);
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(2);
});
