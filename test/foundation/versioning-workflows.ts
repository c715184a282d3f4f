// Test-only workflows under the real type names, declared as the real ones are
// (workflows/versioning-behavior.ts): each records the build that ran its first and last task.
import { condition, defineQuery, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';
import { declareVersioningBehavior } from '../../workflows/versioning-behavior';

export const finishSignal = defineSignal('finish');
export const buildsQuery = defineQuery<string[]>('builds');

export interface Builds {
  startedOn: string;
  finishedOn: string;
}

async function recordBuilds(): Promise<Builds> {
  const build = () => (workflowInfo().currentDeploymentVersion?.deploymentName ? workflowInfo().currentDeploymentVersion!.buildId : 'unversioned');
  const builds = [build()];
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(buildsQuery, () => builds);
  await condition(() => finished);
  builds.push(build());
  return { startedOn: builds[0]!, finishedOn: builds[builds.length - 1]! };
}

export async function launchGateWorkflow(): Promise<Builds> {
  return recordBuilds();
}

export async function fleetWorkflow(): Promise<Builds> {
  return recordBuilds();
}

declareVersioningBehavior('launchGateWorkflow', launchGateWorkflow);
declareVersioningBehavior('fleetWorkflow', fleetWorkflow);
