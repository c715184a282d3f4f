// Declares each workflow's Worker Versioning behaviour (common/workflow-versioning.ts says why);
// it takes effect when the worker has TEMPORAL_WORKER_DEPLOYMENT_NAME / _BUILD_ID.
import * as ecs from './ecs-workflows';
import * as fleet from './fleet';
import * as goldenImage from './golden-image';
import * as launchGate from './launch-gate';
import * as pinLatest from './pin-latest';
import * as terminate from './terminate';
import { declareVersioningBehavior } from './versioning-behavior';

// The worker registers each workflow under its export name, so that name is its type.
for (const module of [launchGate, terminate, fleet, ecs, goldenImage, pinLatest]) {
  for (const [name, value] of Object.entries(module)) {
    // A second version of a type keeps the name with a V<n> suffix (launchGateWorkflowV2).
    if (typeof value === 'function' && /Workflow(V\d+)?$/.test(name)) {
      declareVersioningBehavior(name, value as (...args: never[]) => Promise<unknown>);
    }
  }
}
