import type { InstanceRefreshReport, InstanceRefreshSettings } from '../common/golden-image';
import type { ObservedWrites } from './observe';

/**
 * Observe mode: the refresh each following group would get, recorded instead of started. No
 * watch follows, since no refresh is running to watch.
 */
export function recordInstanceRefreshes(groups: string[], settings: InstanceRefreshSettings, writes: ObservedWrites): InstanceRefreshReport[] {
  const preferences = settings.minHealthyPercentage === undefined ? 'AWS default preferences' : `MinHealthyPercentage ${settings.minHealthyPercentage}`;
  return groups.map((autoScalingGroupName) => {
    writes.record({ call: 'StartInstanceRefresh', target: autoScalingGroupName, detail: `refresh onto the template's new default, ${preferences}` });
    return { autoScalingGroupName, status: 'not-started', statusReason: 'observe mode: StartInstanceRefresh not sent' };
  });
}
