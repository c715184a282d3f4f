import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createGoldenImageActivities } from '../../activities/golden-image';
import { createNotificationActivities } from '../../activities/notifications';
import { uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { clientsForRegions, type FakeAwsRegion } from './fake-aws';

export const workflowsPath = require.resolve('./workflows');

export const goldenImageBundle = () => workflowBundle(workflowsPath);

/** A worker running the real golden-image (and notification) activities against the given fake regions. */
export async function goldenImageWorker(env: TestWorkflowEnvironment, ...regions: FakeAwsRegion[]) {
  const taskQueue = uniqueTaskQueue('golden-image');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await goldenImageBundle(),
    activities: {
      ...createGoldenImageActivities(clientsForRegions(...regions)),
      ...createNotificationActivities({ clientsFor: clientsForRegions(...regions), env: {} }),
    },
  });
  return { worker, taskQueue };
}
