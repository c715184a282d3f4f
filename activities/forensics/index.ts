import type { AwsClientsForRegion } from '../aws-clients';
import { createForensicImageActivities } from './forensic-image';
import { createScalingEvidenceActivities } from './scaling-evidence';

/** Evidence for the terminate decision and the forensic image of an unexpectedly terminated instance. */
export function createForensicsActivities(clientsFor: AwsClientsForRegion) {
  return {
    ...createScalingEvidenceActivities(clientsFor),
    ...createForensicImageActivities(clientsFor),
  };
}

export type ForensicsActivities = ReturnType<typeof createForensicsActivities>;
