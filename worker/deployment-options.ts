import type { WorkerDeploymentOptions } from '@temporalio/worker';
import { DEFAULT_VERSIONING_BEHAVIOR } from '../common/workflow-versioning';

/**
 * Worker Versioning, when a deployment version is configured: the server routes each run to
 * the build its versioning behaviour asks for (workflows/versioning.ts). Without one the worker
 * polls unversioned, as before, and only patched() protects running workflows.
 */
export function workerDeploymentOptions(version: { deploymentName: string; buildId: string } | undefined): WorkerDeploymentOptions | undefined {
  if (!version) return undefined;
  return { version, useWorkerVersioning: true, defaultVersioningBehavior: DEFAULT_VERSIONING_BEHAVIOR };
}
