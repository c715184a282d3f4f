import type { AwsClients } from '../../activities/aws-clients';
import type { WouldHave } from '../../common/observe';
import { imagesFrom, scalingOutcome, type ScalingOutcome } from './aws-outcomes';
import { clock, unreadable, type Finding } from './finding';
import type { ObservedRun } from './observed-run';

/** Auto Scaling's codes for an activity that is over. */
const FINISHED = new Set(['Successful', 'Failed', 'Cancelled']);

/**
 * Images made this long before the run started still count as the old system's: it and the
 * run react to the same event, and clocks and CloudTrail's delay differ by seconds, not minutes.
 * Older images of the instance (a daily backup) are not about this termination.
 */
const IMAGE_WINDOW_MS = 10 * 60_000;
const REASON_MAX_CHARS = 80;

/** The gate's completion next to the launch activity: did the instance go InService or not? */
export async function compareLaunchGate(run: ObservedRun, clients: AwsClients): Promise<Finding[]> {
  const instanceId = run.instanceId ?? '(unknown instance)';
  const completion = lastCall(run, 'CompleteLifecycleAction');
  const outcome = await readOutcome(run, clients, 'launch');
  if ('error' in outcome) return [{ call: 'CompleteLifecycleAction', target: instanceId, wouldHave: summary(run, completion), ...outcome.error }];
  const actual = outcome.actual;
  const happened = actual ? launchText(run, actual) : `Auto Scaling lists no launch of ${instanceId}`;
  const base = { call: 'CompleteLifecycleAction', target: instanceId, wouldHave: summary(run, completion), actual: { at: actual?.endTime, what: happened } };
  if (!completion) {
    const would = run.status === 'RUNNING' ? 'has not decided yet' : `would have sent no completion (${run.outcome ?? run.status.toLowerCase()}: the hook's default result applies)`;
    return [{ ...base, verdict: 'unknown', text: `${would}; ${happened}` }];
  }
  const would = `would have ${completed(completion.detail, instanceId, clock(completion.at, run))}`;
  const result = lifecycleResult(completion.detail);
  if (!actual || !FINISHED.has(actual.status) || !result) return [{ ...base, verdict: 'unknown', text: `${would}; ${happened}` }];
  const agrees = (result === 'CONTINUE') === (actual.status === 'Successful');
  return [{ ...base, verdict: agrees ? 'agree' : 'disagree', text: `${would}; ${happened}` }];
}

/**
 * Terminate: the image is the decision that matters (planned or unexpected), then the
 * completion, whose time shows how long the old system held the instance.
 */
export async function compareTerminate(run: ObservedRun, clients: AwsClients): Promise<Finding[]> {
  const instanceId = run.instanceId ?? '(unknown instance)';
  return [await compareImage(run, clients, instanceId), await compareTermination(run, clients, instanceId)];
}

async function compareImage(run: ObservedRun, clients: AwsClients, instanceId: string): Promise<Finding> {
  const image = lastCall(run, 'CreateImage');
  const base = { call: 'CreateImage', target: instanceId, wouldHave: summary(run, image) };
  let made;
  try {
    made = await imagesFrom(clients, instanceId, new Date(Date.parse(run.startTime) - IMAGE_WINDOW_MS));
  } catch (err) {
    return { ...base, ...unreadable(err, `the images of ${instanceId}`) };
  }
  const first = made[0];
  const happened = first ? `${first.imageId} was made from it at ${clock(first.creationDate, run)}` : 'no image was made from it';
  const actual = { at: first?.creationDate, what: happened };
  if (image) return { ...base, actual, verdict: first ? 'agree' : 'disagree', text: `would have imaged ${instanceId} at ${clock(image.at, run)}; ${happened}` };
  // Without a CreateImage, an open run may still decide to image; a closed one decided not to.
  if (run.status === 'RUNNING') return { ...base, actual, verdict: 'unknown', text: `has not decided whether to image ${instanceId} yet; ${happened}` };
  return { ...base, actual, verdict: first ? 'disagree' : 'agree', text: `would not have imaged ${instanceId}; ${happened}` };
}

async function compareTermination(run: ObservedRun, clients: AwsClients, instanceId: string): Promise<Finding> {
  const completion = lastCall(run, 'CompleteLifecycleAction');
  const base = { call: 'CompleteLifecycleAction', target: instanceId, wouldHave: summary(run, completion) };
  const outcome = await readOutcome(run, clients, 'terminate');
  if ('error' in outcome) return { ...base, ...outcome.error };
  const actual = outcome.actual;
  const happened = !actual
    ? `Auto Scaling lists no termination of ${instanceId}`
    : actual.status === 'Successful'
      ? `it terminated at ${clock(actual.endTime ?? actual.startTime ?? run.startTime, run)}`
      : FINISHED.has(actual.status)
        ? `its termination ended ${actual.status}${actual.message ? `: ${actual.message}` : ''}`
        : `its termination is still ${actual.status}`;
  const would = completion ? `would have ${completed(completion.detail, instanceId, clock(completion.at, run))}` : run.status === 'RUNNING' ? 'has not completed the action yet' : 'would have sent no completion';
  // Either result lets a terminating instance go: the comparison is that it went, and when.
  const verdict = completion && actual?.status === 'Successful' ? 'agree' : 'unknown';
  return { ...base, actual: { at: actual?.endTime, what: happened }, verdict, text: `${would}; ${happened}` };
}

async function readOutcome(
  run: ObservedRun,
  clients: AwsClients,
  transition: 'launch' | 'terminate',
): Promise<{ actual: ScalingOutcome | null } | { error: { verdict: 'unknown'; text: string } }> {
  if (!run.autoScalingGroupName || !run.instanceId) return { error: { verdict: 'unknown', text: 'the run names no group or instance in its memo' } };
  try {
    return { actual: await scalingOutcome(clients, run.autoScalingGroupName, run.instanceId, transition) };
  } catch (err) {
    return { error: unreadable(err, `the scaling activities of ${run.autoScalingGroupName}`) };
  }
}

function launchText(run: ObservedRun, actual: ScalingOutcome): string {
  const at = actual.endTime ?? actual.startTime;
  const when = at ? ` at ${clock(at, run)}` : '';
  if (actual.status === 'Successful') return `it went InService${when}`;
  if (FINISHED.has(actual.status)) return `its launch ended ${actual.status}${when}${actual.message ? `: ${actual.message}` : ''}`;
  return `its launch is still ${actual.status}`;
}

function lifecycleResult(detail: string): 'CONTINUE' | 'ABANDON' | undefined {
  return /^CONTINUE\b/.test(detail) ? 'CONTINUE' : /^ABANDON\b/.test(detail) ? 'ABANDON' : undefined;
}

/**
 * "ABANDONed i-… at 10:02:00 (content differs on /news/)": the words of the issue that asked for
 * this report, with the run's reason (the detail after the result) kept short; JSON has it whole.
 */
function completed(detail: string, instanceId: string, at: string): string {
  const result = lifecycleResult(detail);
  if (!result) return `completed the action of ${instanceId} with ${detail} at ${at}`;
  const reason = detail.slice(result.length).replace(/^[:\s]+/, '');
  const short = reason.length > REASON_MAX_CHARS ? `${reason.slice(0, REASON_MAX_CHARS)}…` : reason;
  return `${result === 'CONTINUE' ? 'CONTINUEd' : 'ABANDONed'} ${instanceId} at ${at}${short ? ` (${short})` : ''}`;
}

/** The last time the run would have made this call: a retried decision supersedes the first. */
export function lastCall(run: ObservedRun, call: string): WouldHave | undefined {
  return run.wouldHave.filter((w) => w.call === call).at(-1);
}

export function summary(run: ObservedRun, would: WouldHave | undefined): Finding['wouldHave'] {
  if (!would) return undefined;
  const same = run.wouldHave.filter((w) => w.call === would.call && w.target === would.target);
  return { at: same[0]!.at, detail: would.detail, count: same.length };
}
