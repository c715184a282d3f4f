import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW } from '../../common/ecs-plan';
import { GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW } from '../../common/golden-image';
import { LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1 } from '../../common/launch-gate';
import { FLEET_WORKFLOW, TERMINATE_WORKFLOW } from '../../common/terminate';

/** What the Web UI's workflow list shows for a run, in place of the workflow type alone. */
const SUMMARY_WORDS: Record<string, { word: string; subject: readonly string[] }> = {
  [LAUNCH_GATE_WORKFLOW]: { word: 'gate', subject: ['instanceId', 'fleet'] },
  [LAUNCH_GATE_WORKFLOW_V1]: { word: 'gate', subject: ['instanceId', 'fleet'] },
  [TERMINATE_WORKFLOW]: { word: 'terminate', subject: ['instanceId', 'fleet'] },
  [FLEET_WORKFLOW]: { word: 'fleet', subject: ['fleet'] },
  [GOLDEN_IMAGE_WORKFLOW]: { word: 'golden image', subject: ['imageId', 'fleet'] },
  [PIN_LATEST_WORKFLOW]: { word: 'pin $Latest', subject: ['autoScalingGroupName', 'fleet'] },
  [ECS_STARTUP_WORKFLOW]: { word: 'ECS startup', subject: ['plan', 'cluster'] },
  [ECS_SHUTDOWN_WORKFLOW]: { word: 'ECS shutdown', subject: ['plan', 'cluster'] },
};

/**
 * A single-line static summary for a start, e.g. `gate i-0abc… web-prod`, built from what the
 * memo already says, so every starter (bridge, CLI, schedules) words a run the same way.
 * Temporal keeps it with the run for its life: it names the run, never its progress.
 */
export function startSummary(workflowType: string, workflowId: string, memo: Record<string, string> | undefined): string {
  const known = SUMMARY_WORDS[workflowType];
  const subject = known?.subject.map((key) => memo?.[key]).filter((value): value is string => Boolean(value)) ?? [];
  const words = known && subject.length > 0 ? [known.word, ...subject] : [workflowType, workflowId];
  // A memo value with a line break would make the list row two lines.
  return words.join(' ').replace(/[\r\n]+/g, ' ').slice(0, MAX_SUMMARY_LENGTH);
}

/** One line of the workflow list; the ids it carries are at most 200 characters already. */
const MAX_SUMMARY_LENGTH = 240;
