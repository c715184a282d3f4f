import { PublishCommand } from '@aws-sdk/client-sns';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';
import type { Notification, NotificationOutcome, NotificationTargets } from '../common/notifications';
import type { AwsClientsForRegion } from './aws-clients';
import { rethrowClassified } from './aws-errors';

const colours: Record<NotificationOutcome, string> = {
  info: '#439FE0',
  success: '#2EB67D',
  warning: '#ECB22E',
  failure: '#E01E5A',
};

/** Slack message: a coloured attachment with a header, labelled fields and optional text. */
export function slackPayload(notification: Notification): Record<string, unknown> {
  const fields = Object.entries(notification.fields)
    .filter(([, value]) => value !== undefined)
    .slice(0, 10) // Slack allows at most 10 fields in a section
    .map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${String(value)}` }));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: notification.title.slice(0, 150) } },
  ];
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  if (notification.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: notification.text.slice(0, 3000) } });
  return {
    text: notification.title,
    attachments: [{ color: colours[notification.outcome], blocks }],
  };
}

export interface NotificationDeps {
  clientsFor: AwsClientsForRegion;
  fetch?: typeof fetch;
  env?: NodeJS.ProcessEnv;
}

export function createNotificationActivities({ clientsFor, fetch: fetchImpl = fetch, env = process.env }: NotificationDeps) {
  async function resolveWebhookUrl(targets: NotificationTargets): Promise<string> {
    const source = targets.slackWebhook;
    if (!source) throw ApplicationFailure.nonRetryable('no Slack webhook configured', 'NotificationConfig');
    if ('env' in source) {
      const url = env[source.env];
      if (!url) {
        throw ApplicationFailure.nonRetryable(
          `Slack webhook: worker environment variable ${source.env} is not set`,
          'NotificationConfig',
        );
      }
      return url;
    }
    try {
      const out = await clientsFor(targets.region).ssm.send(
        new GetParameterCommand({ Name: source.ssmParameter, WithDecryption: true }),
      );
      const url = out.Parameter?.Value;
      if (!url) throw ApplicationFailure.nonRetryable(`Slack webhook: SSM parameter ${source.ssmParameter} is empty`, 'NotificationConfig');
      return url;
    } catch (err) {
      return rethrowClassified(err, `GetParameter ${source.ssmParameter}`);
    }
  }

  return {
    /** Posts to Slack; throws on failure so Temporal retries. The URL never appears in logs or errors. */
    async notifySlack(targets: NotificationTargets, notification: Notification): Promise<void> {
      const url = await resolveWebhookUrl(targets);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(slackPayload(notification)),
          redirect: 'error',
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new Error(`Slack webhook unreachable: ${(err as Error).name}`);
      }
      if (!response.ok) {
        const message = `Slack webhook answered HTTP ${response.status}`;
        // 4xx other than rate limiting means the webhook is wrong or revoked.
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          throw ApplicationFailure.nonRetryable(message, 'SlackWebhookRejected');
        }
        throw new Error(message);
      }
      log.info('Slack notification sent', { title: notification.title });
    },

    async notifySns(targets: NotificationTargets, notification: Notification): Promise<string | undefined> {
      if (!targets.snsTopicArn) throw ApplicationFailure.nonRetryable('no SNS topic configured', 'NotificationConfig');
      try {
        const out = await clientsFor(targets.region).sns.send(
          new PublishCommand({
            TopicArn: targets.snsTopicArn,
            Subject: notification.title.replace(/[^\x20-\x7E]/g, ' ').slice(0, 100),
            Message: JSON.stringify({ ...notification }),
          }),
        );
        return out.MessageId;
      } catch (err) {
        return rethrowClassified(err, 'SNS Publish');
      }
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
