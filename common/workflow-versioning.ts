import type { VersioningBehavior } from '@temporalio/common';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW } from './ecs-plan';
import { GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW } from './golden-image';
import { LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1 } from './launch-gate';
import { FLEET_WORKFLOW, TERMINATE_WORKFLOW } from './terminate';

/**
 * How each workflow type moves between worker deployment versions when Worker Versioning is on
 * (TEMPORAL_WORKER_DEPLOYMENT_NAME and TEMPORAL_WORKER_BUILD_ID; docs/upgrading.md).
 *
 * PINNED: a run finishes on the build that started it, so a change to its code needs no patch;
 * the old build keeps polling until its runs drain. Right for runs bounded in time: a gate or a
 * held termination ends when its lifecycle hook does (48 h at most), an ECS walk within its
 * overall timeout, a golden-image rollout within its image wait.
 *
 * AUTO_UPGRADE: the fleet entity is open for weeks and continues as new only after many events,
 * so pinning it would keep its first build alive forever. It moves to the current version at
 * its next workflow task; its changes still need patched() and replay tests, and a patch can be
 * retired once every entity has continued as new past it.
 */
export const WORKFLOW_VERSIONING_BEHAVIORS: Readonly<Record<string, VersioningBehavior>> = {
  [LAUNCH_GATE_WORKFLOW]: 'PINNED',
  [LAUNCH_GATE_WORKFLOW_V1]: 'PINNED',
  [TERMINATE_WORKFLOW]: 'PINNED',
  [ECS_STARTUP_WORKFLOW]: 'PINNED',
  [ECS_SHUTDOWN_WORKFLOW]: 'PINNED',
  // The per-plan lock lives exactly as long as the ECS run that holds it.
  ecsPlanLockWorkflow: 'PINNED',
  [GOLDEN_IMAGE_WORKFLOW]: 'PINNED',
  // The launch template's lock lives exactly as long as the rollout that holds it.
  launchTemplateLockWorkflow: 'PINNED',
  [PIN_LATEST_WORKFLOW]: 'PINNED',
  [FLEET_WORKFLOW]: 'AUTO_UPGRADE',
};

/** For a workflow type added without an entry: the choice that can never run new code on an old history. */
export const DEFAULT_VERSIONING_BEHAVIOR: VersioningBehavior = 'PINNED';
