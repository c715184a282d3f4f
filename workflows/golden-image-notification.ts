import type { GoldenImageResult } from '../common/golden-image';
import type { Notification, NotificationTargets } from '../common/notifications';
import { notifyOrRecord } from './notify';
import type { ObservedWrites } from './observe';

/** Reports the run's outcome to the configured targets; an observing run records the notification instead. */
export async function notifyGoldenImageOutcome(targets: NotificationTargets, result: GoldenImageResult, writes: ObservedWrites): Promise<void> {
  const { outcome, imageId } = result;
  const notification: Notification = {
    title: `Golden image ${imageId}: ${outcome}`,
    outcome: outcome === 'rolled-out' || outcome === 'already-current' ? 'success' : outcome.startsWith('skipped') ? 'info' : 'failure',
    fields: {
      region: result.region,
      launchTemplate: result.launchTemplateId,
      version: result.launchTemplateVersion,
      deleted: result.pruning?.deleted.join(', ') || undefined,
      deleteErrors: result.pruning?.errors.length || undefined,
    },
    text: result.reason,
  };
  await notifyOrRecord(targets, notification, writes);
}
