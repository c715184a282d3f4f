import type { AwsClientsForRegion } from '../aws-clients';
import { createLifecycleActionActivities } from '../lifecycle-actions';
import { createCompareContentActivities } from './compare-content';
import { createDescribeInstanceAddressActivities } from './describe-instance-address';
import { createFirstLookActivities } from './first-look';

/** The launch gate's own activities; lifecycle-action calls come from activities/lifecycle-actions. */
export function createLaunchGateActivities(deps: { clientsFor: AwsClientsForRegion }) {
  const address = createDescribeInstanceAddressActivities(deps.clientsFor);
  const compare = createCompareContentActivities();
  return {
    ...address,
    ...compare,
    ...createFirstLookActivities({
      describeLifecycleHook: createLifecycleActionActivities(deps.clientsFor).describeLifecycleHook,
      describeInstanceAddress: address.describeInstanceAddress,
      compareContent: compare.compareContent,
    }),
  };
}

export type LaunchGateActivities = ReturnType<typeof createLaunchGateActivities>;
export type { CompareContentRequest } from './compare-content';
export type { InstanceAddress } from './describe-instance-address';
export type { FirstLook, FirstLookRequest } from './first-look';
