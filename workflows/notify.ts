import { log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { Notification, NotificationReport, NotificationTargets } from '../common/notifications';

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
  await Promise.all([
    targets.slackWebhook
      ? notifySlack(targets, notification).then(
          () => void (report.slack = 'sent'),
          (err: Error) => {
            report.slack = 'failed';
            errors.push(`slack: ${err.cause instanceof Error ? err.cause.message : err.message}`);
          },
        )
      : undefined,
    targets.snsTopicArn
      ? notifySns(targets, notification).then(
          () => void (report.sns = 'sent'),
          (err: Error) => {
            report.sns = 'failed';
            errors.push(`sns: ${err.cause instanceof Error ? err.cause.message : err.message}`);
          },
        )
      : undefined,
  ]);
  if (errors.length > 0) {
    report.error = errors.join('; ');
    log.warn('notification failed', { title: notification.title, error: report.error });
  }
  return report;
}
