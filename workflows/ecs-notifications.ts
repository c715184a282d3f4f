import type { Notification, NotificationReport, NotificationTargets } from '../common/notifications';
import { notify } from './notify';
import type { ObservedWrites } from './observe';

/**
 * How an ECS run tells its plan's targets: sent when acting; when observing, a Slack post or
 * SNS publish is a write too, so it is recorded as one Notify per notification and nothing is sent.
 */
export function ecsNotifier(targets: NotificationTargets | undefined, writes: ObservedWrites) {
  return (notification: Notification): Promise<NotificationReport> => {
    if (!writes.observing) return notify(targets, notification);
    const channels = [targets?.slackWebhook ? 'slack' : undefined, targets?.snsTopicArn].filter((c) => c !== undefined);
    if (channels.length > 0) writes.record({ call: 'Notify', target: channels.join(', '), detail: notification.title });
    return Promise.resolve({});
  };
}
