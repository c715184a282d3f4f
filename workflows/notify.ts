import { log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { Notification, NotificationReport, NotificationTargets } from '../common/notifications';
import { rethrowCancellation } from './failures';
import type { ObservedWrites } from './observe';

// A few quick retries, then give up: a notification must never hold up or fail the work it reports on.
const { notifySlack, notifySns } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** Sends to every configured target; failures are logged and reported, never thrown. */
export async function notify(targets: NotificationTargets | undefined, notification: Notification): Promise<NotificationReport> {
  const report: NotificationReport = {};
  if (!targets) return report;
  const errors: string[] = [];
  const send = async (channel: 'slack' | 'sns', sending: Promise<unknown>): Promise<void> => {
    try {
      await sending;
      report[channel] = 'sent';
    } catch (err) {
      rethrowCancellation(err);
      report[channel] = 'failed';
      const error = err as Error;
      errors.push(`${channel}: ${error.cause instanceof Error ? error.cause.message : error.message}`);
    }
  };
  await Promise.all([
    targets.slackWebhook ? send('slack', notifySlack(targets, notification)) : undefined,
    targets.snsTopicArn ? send('sns', notifySns(targets, notification)) : undefined,
  ]);
  if (errors.length > 0) {
    report.error = errors.join('; ');
    log.warn('notification failed', { title: notification.title, error: report.error });
  }
  return report;
}

/** The targets a notification goes to, by name: `slack` (never the webhook's location, a secret's whereabouts) and the SNS topic's ARN. */
export function notificationTargetNames(targets: NotificationTargets | undefined): string[] {
  return [targets?.slackWebhook ? 'slack' : undefined, targets?.snsTopicArn].filter((name) => name !== undefined);
}

/**
 * Sends when the run acts. When it observes, a Slack post or SNS publish is a write too: it
 * records one Notify, if any target is configured, and sends nothing. `would` names the record
 * (default: the targets, and the notification's title).
 */
export async function notifyOrRecord(
  targets: NotificationTargets | undefined,
  notification: Notification,
  writes: ObservedWrites,
  would: (targetNames: string[]) => { target: string; detail: string } = (names) => ({ target: names.join(', '), detail: notification.title }),
): Promise<NotificationReport> {
  if (!writes.observing) return notify(targets, notification);
  const names = notificationTargetNames(targets);
  if (names.length > 0) writes.record({ call: 'Notify', ...would(names) });
  return {};
}
