import { log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { Notification, NotificationReport, NotificationTargets } from '../common/notifications';
import { rethrowCancellation } from './failures';

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
