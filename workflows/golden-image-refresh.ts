import { sleep } from '@temporalio/workflow';
import type { InstanceRefreshReport, InstanceRefreshSettings } from '../common/golden-image';
import { GOLDEN_IMAGE_SETTINGS } from '../common/settings/golden-image';
import { failureMessage } from './failures';
import { goldenImageActivities as act } from './golden-image-activities';

const REFRESH = GOLDEN_IMAGE_SETTINGS.instanceRefresh;
const STILL_RUNNING = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking']);

/**
 * Starts a refresh on each group and watches them with durable timers until each one ends or
 * the watch times out. A refresh that cannot start is reported, never thrown: the template is
 * already updated and the next scale-out uses it regardless.
 */
export async function refreshInstances(
  region: string,
  groups: string[],
  settings: InstanceRefreshSettings,
  onProgress: (reports: InstanceRefreshReport[]) => void,
): Promise<InstanceRefreshReport[]> {
  const reports: InstanceRefreshReport[] = [];
  for (const autoScalingGroupName of groups) {
    try {
      const started = await act.startInstanceRefresh(region, autoScalingGroupName, settings.minHealthyPercentage);
      reports.push({ autoScalingGroupName, instanceRefreshId: started.instanceRefreshId, status: 'Pending', adopted: started.adopted });
    } catch (err) {
      reports.push({ autoScalingGroupName, status: 'not-started', error: failureMessage(err) });
    }
  }
  onProgress(reports);

  const pollMs = (settings.pollIntervalSeconds ?? REFRESH.pollIntervalSeconds.default) * 1000;
  const maxPolls = Math.ceil(((settings.timeoutMinutes ?? REFRESH.timeoutMinutes.default) * 60_000) / pollMs);
  const running = () => reports.filter((r) => r.instanceRefreshId && STILL_RUNNING.has(r.status));
  for (let polls = 0; running().length > 0; polls += 1) {
    if (polls >= maxPolls) {
      for (const r of running()) r.statusReason = `still ${r.status} when the watch ended; the refresh goes on`;
      break;
    }
    await sleep(pollMs);
    for (const report of running()) {
      let status;
      try {
        status = await act.describeInstanceRefresh(region, report.autoScalingGroupName, report.instanceRefreshId as string);
      } catch (err) {
        report.status = 'unknown';
        report.error = failureMessage(err);
        continue;
      }
      report.status = status.status;
      if (status.percentageComplete !== undefined) report.percentageComplete = status.percentageComplete;
      if (status.statusReason) report.statusReason = status.statusReason;
    }
    onProgress(reports);
  }
  return reports;
}
