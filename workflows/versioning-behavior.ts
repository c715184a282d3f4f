import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import { DEFAULT_VERSIONING_BEHAVIOR, WORKFLOW_VERSIONING_BEHAVIORS } from '../common/workflow-versioning';

/**
 * Declares a workflow type's Worker Versioning behaviour (common/workflow-versioning.ts says
 * which and why), only when the worker runs as a deployment version: an unversioned worker that
 * reports a behaviour has its every workflow task refused by the server ("versioning behavior
 * cannot be specified without deployment options"), so there the declaration is left empty.
 */
export function declareVersioningBehavior(workflowType: string, workflow: (...args: never[]) => Promise<unknown>): void {
  setWorkflowOptions(
    () =>
      workflowInfo().currentDeploymentVersion?.deploymentName
        ? { versioningBehavior: WORKFLOW_VERSIONING_BEHAVIORS[workflowType] ?? DEFAULT_VERSIONING_BEHAVIOR }
        : {},
    workflow,
  );
}
