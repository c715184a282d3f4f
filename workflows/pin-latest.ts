import { defineQuery, log, setHandler, upsertMemo } from '@temporalio/workflow';
import {
  PIN_LATEST_PROGRESS_QUERY,
  PIN_LATEST_QUERIES,
  type PinLatestInput,
  type PinLatestOutcome,
  type PinLatestProgress,
  type PinLatestResult,
} from '../common/golden-image';
import { goldenImageActivities as act } from './golden-image-activities';
import { asWorkflowFailure } from './golden-image-failures';
import { validatePinLatestInput } from './golden-image-validation';
import { ObservedWrites } from './observe';

/** `progress` is the name every workflow answers; `pinLatestProgress` keeps working for existing clients. */
export const pinLatestProgressQuery = defineQuery<PinLatestProgress>(PIN_LATEST_QUERIES.progress);
export const legacyPinLatestProgressQuery = defineQuery<PinLatestProgress>(PIN_LATEST_PROGRESS_QUERY);

/**
 * Points a newly created Auto Scaling group at its launch template's `$Latest` version,
 * which CloudFormation cannot write, so new instances get the newest golden image. In observe
 * mode it reads the group the same and records the update instead of sending it.
 */
export async function pinLatestWorkflow(input: PinLatestInput): Promise<PinLatestResult> {
  const progress: PinLatestProgress = { phase: 'starting' };
  setHandler(pinLatestProgressQuery, () => progress);
  setHandler(legacyPinLatestProgressQuery, () => progress);
  validatePinLatestInput(input);

  const { region, autoScalingGroupName } = input;
  const writes = new ObservedWrites(input.mode);
  const result: PinLatestResult = { outcome: 'pinned', reason: '', region, autoScalingGroupName };
  const finish = (outcome: PinLatestOutcome, reason: string): PinLatestResult => {
    Object.assign(progress, { phase: 'done', outcome });
    Object.assign(result, { outcome, reason }, writes.resultFields());
    upsertMemo({ outcome });
    log.info('pin $Latest finished', { autoScalingGroupName, region, outcome });
    return result;
  };

  let step = 'DescribeAutoScalingGroups';
  try {
    progress.phase = 'describing';
    const source = await act.describeAutoScalingGroupLaunchSource(region, autoScalingGroupName);
    if (!source.found) return finish('skipped-asg-not-found', `no Auto Scaling group named ${autoScalingGroupName} in ${region} (deleted since?)`);
    result.kind = source.kind;
    if (source.kind === 'launch-configuration') {
      return finish(
        'skipped-launch-configuration',
        `the group uses launch configuration ${source.launchConfigurationName ?? ''}, which has no versions to follow`,
      );
    }
    if ((source.kind !== 'launch-template' && source.kind !== 'mixed-instances-policy') || !source.launchTemplate) {
      return finish('skipped-no-launch-template', 'the group names no launch template');
    }
    result.launchTemplate = source.launchTemplate;
    result.previousVersion = source.launchTemplate.version ?? '$Default';
    if (source.launchTemplate.version === '$Latest') {
      return finish('already-latest', `the group's ${source.kind} already follows $Latest`);
    }

    progress.phase = 'pinning';
    step = 'UpdateAutoScalingGroup';
    const where = source.kind === 'launch-template' ? 'LaunchTemplate' : 'MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification';
    const change = `${where}.Version from ${result.previousVersion} to $Latest`;
    const { kind, launchTemplate } = source;
    await writes.write(
      { call: 'UpdateAutoScalingGroup', target: autoScalingGroupName, detail: change },
      () => act.pinAutoScalingGroupToLatest(region, autoScalingGroupName, kind, launchTemplate),
      undefined,
    );
    return finish('pinned', writes.observing ? `observe mode: would change ${change}; nothing was sent` : `${where}.Version changed from ${result.previousVersion} to $Latest`);
  } catch (err) {
    throw asWorkflowFailure(err, step);
  }
}
