import type { AwsClients } from '../../activities/aws-clients';
import { ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW } from '../../common/ecs-plan';
import { GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW } from '../../common/golden-image';
import { LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1 } from '../../common/launch-gate';
import { TERMINATE_WORKFLOW } from '../../common/terminate';
import { compareEcs } from './compare-ecs';
import { compareLaunchGate, compareTerminate } from './compare-lifecycle';
import { compareGoldenImage, comparePinLatest } from './compare-templates';
import { clock, runVerdict, verdictRank, type Finding, type Verdict } from './finding';
import type { ObservedRun } from './observed-run';

type Compare = (run: ObservedRun, clients: AwsClients) => Promise<Finding[]>;

/** Each kind's comparison, and the calls it covers; any other would-have is listed as not compared. */
const comparisons: Record<string, { compare: Compare; covers: string[] }> = {
  [LAUNCH_GATE_WORKFLOW]: { compare: compareLaunchGate, covers: ['CompleteLifecycleAction'] },
  [LAUNCH_GATE_WORKFLOW_V1]: { compare: compareLaunchGate, covers: ['CompleteLifecycleAction'] },
  [TERMINATE_WORKFLOW]: { compare: compareTerminate, covers: ['CreateImage', 'CompleteLifecycleAction'] },
  [GOLDEN_IMAGE_WORKFLOW]: { compare: compareGoldenImage, covers: ['ModifyLaunchTemplate', 'CreateLaunchTemplateVersion'] },
  [PIN_LATEST_WORKFLOW]: { compare: comparePinLatest, covers: ['UpdateAutoScalingGroup'] },
  [ECS_STARTUP_WORKFLOW]: { compare: compareEcs, covers: ['UpdateService'] },
  [ECS_SHUTDOWN_WORKFLOW]: { compare: compareEcs, covers: ['UpdateService'] },
};

export interface RunReport extends ObservedRun {
  verdict: Verdict;
  /** Compared findings first, worst first; then the writes nothing in AWS can confirm. */
  findings: Finding[];
}

export async function compareRun(run: ObservedRun, clients: AwsClients): Promise<RunReport> {
  const kind = comparisons[run.workflowType];
  const compared = kind ? await kind.compare(run, clients) : [];
  const findings = [...compared, ...notCompared(run, kind?.covers ?? [])].sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict));
  return { ...run, verdict: runVerdict(findings), findings };
}

/**
 * Writes AWS keeps no record of that the report could read (the drain's SendCommand on the old
 * cron job's instance, a notification, a heartbeat): listed so the run's plan is complete,
 * grouped so a gate's twenty heartbeats make one line.
 */
function notCompared(run: ObservedRun, covered: string[]): Finding[] {
  const groups = new Map<string, Finding>();
  for (const would of run.wouldHave) {
    if (covered.includes(would.call)) continue;
    const key = JSON.stringify([would.call, would.target, would.detail]);
    const existing = groups.get(key);
    if (existing?.wouldHave) {
      existing.wouldHave.count += 1;
      continue;
    }
    groups.set(key, { verdict: 'not-compared', call: would.call, target: would.target, wouldHave: { at: would.at, detail: would.detail, count: 1 }, text: '' });
  }
  return [...groups.values()].map((f) => {
    const times = f.wouldHave!.count > 1 ? ` ×${f.wouldHave!.count} from` : ' at';
    const detail = f.wouldHave!.detail ? ` (${f.wouldHave!.detail})` : '';
    return { ...f, text: `would have sent ${f.call} for ${f.target}${detail}${times} ${clock(f.wouldHave!.at, run)}` };
  });
}
