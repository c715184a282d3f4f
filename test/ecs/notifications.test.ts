import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';
import { createNotificationActivities } from '../../activities/notifications';
import type { Notification } from '../../common/notifications';
import { ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import { ecsWorker, originalCluster, originalPlan, svc } from './ecs-harness';
import { SlackWebhookServer } from './slack-server';

const sns = mockClient(SNSClient);
const ssm = mockClient(SSMClient);
const clients = { sns: new SNSClient({ region: 'us-east-1' }), ssm: new SSMClient({ region: 'us-east-1' }) } as AwsClients;
const slack = new SlackWebhookServer();
let webhookUrl: string;
let env: TestWorkflowEnvironment;

const notification: Notification = {
  title: 'ECS startup myapp-dev: myapp-dev-serviceB failed',
  outcome: 'failure',
  fields: { service: 'myapp-dev-serviceB', desired: 3, running: 0, pending: 3, 'failed tasks': 3, 'newest event': undefined },
  text: 'B crashed',
};

beforeAll(async () => {
  webhookUrl = await slack.start();
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await slack.stop();
  await env?.teardown();
});

beforeEach(() => {
  slack.received.length = 0;
  slack.status = 200;
  sns.reset();
  ssm.reset();
});

/** An activity environment whose log lines are kept, to prove the webhook URL is never logged. */
function loggingEnv(lines: string[]) {
  const logger = new DefaultLogger('DEBUG', (entry: LogEntry) => lines.push(`${entry.message} ${JSON.stringify(entry.meta ?? {})} ${String(entry.meta?.error ?? '')}`));
  return new MockActivityEnvironment(undefined, { logger });
}

function activities(workerEnv: NodeJS.ProcessEnv = { SLACK_WEBHOOK_URL: webhookUrl }) {
  return createNotificationActivities({ clientsFor: () => clients, env: workerEnv });
}

test('Slack gets a readable message: header, labelled fields and a colour by outcome', async () => {
  // Act
  await new MockActivityEnvironment().run(activities().notifySlack, { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } }, notification);

  // Assess
  expect(slack.received).toHaveLength(1);
  const post = slack.received[0]!;
  expect(post.path).toBe('/services/T000/B000/secret-token-xyz');
  expect(post.headers['content-type']).toBe('application/json');
  expect(post.body).toEqual({
    text: notification.title,
    attachments: [
      {
        color: '#E01E5A',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: notification.title } },
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: '*service*\nmyapp-dev-serviceB' },
              { type: 'mrkdwn', text: '*desired*\n3' },
              { type: 'mrkdwn', text: '*running*\n0' },
              { type: 'mrkdwn', text: '*pending*\n3' },
              { type: 'mrkdwn', text: '*failed tasks*\n3' },
            ],
          },
          { type: 'section', text: { type: 'mrkdwn', text: 'B crashed' } },
        ],
      },
    ],
  });
});

test('the webhook URL can come from an SSM SecureString parameter', async () => {
  // Prepare
  ssm.on(GetParameterCommand, { Name: '/myapp/slack-webhook', WithDecryption: true }).resolves({ Parameter: { Value: webhookUrl } });

  // Act
  await new MockActivityEnvironment().run(activities({}).notifySlack, { slackWebhook: { ssmParameter: '/myapp/slack-webhook' } }, notification);

  // Assess
  expect(slack.received).toHaveLength(1);
});

test('a rejected webhook is non-retryable and its error never contains the URL', async () => {
  // Prepare
  slack.status = 404;

  // Act
  const err = await new MockActivityEnvironment()
    .run(activities().notifySlack, { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } }, notification)
    .catch((e: unknown) => e);

  // Assess
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ nonRetryable: true, type: 'SlackWebhookRejected', message: 'Slack webhook answered HTTP 404' });
  expect(JSON.stringify(err)).not.toContain('secret-token-xyz');
});

test('a Slack server error or an unreachable webhook is retryable, still without the URL', async () => {
  // Prepare
  slack.status = 503;
  const closedPort = 'http://127.0.0.1:1/services/T000/B000/secret-token-xyz';
  const lines: string[] = [];

  // Act
  const busy = (await loggingEnv(lines)
    .run(activities().notifySlack, { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } }, notification)
    .catch((e: unknown) => e)) as Error;
  const unreachable = (await loggingEnv(lines)
    .run(activities({ SLACK_WEBHOOK_URL: closedPort }).notifySlack, { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } }, notification)
    .catch((e: unknown) => e)) as Error;

  // Assess
  expect(busy).not.toBeInstanceOf(ApplicationFailure);
  expect(busy.message).toBe('Slack webhook answered HTTP 503');
  expect(unreachable.message).toMatch(/^Slack webhook unreachable/);
  expect(unreachable.message).not.toContain('secret-token-xyz');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.join('\n')).not.toContain('secret-token-xyz');
});

test('an unset webhook variable is a configuration error naming the variable', async () => {
  const err = await new MockActivityEnvironment()
    .run(activities({}).notifySlack, { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } }, notification)
    .catch((e: unknown) => e);
  expect(err).toMatchObject({ nonRetryable: true, type: 'NotificationConfig', message: expect.stringContaining('SLACK_WEBHOOK_URL is not set') });
});

test('SNS gets the notification as JSON with a printable subject', async () => {
  // Prepare
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const topic = 'arn:aws:sns:ap-northeast-1:123456789012:myapp-dev-service-start-notice';

  // Act
  const id = await new MockActivityEnvironment().run(activities().notifySns, { snsTopicArn: topic }, { ...notification, title: 'A → B started' });

  // Assess
  expect(id).toBe('m-1');
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  expect(input).toMatchObject({ TopicArn: topic, Subject: 'A   B started' });
  expect(JSON.parse(input?.Message ?? '{}')).toMatchObject({ outcome: 'failure', fields: { desired: 3, running: 0 } });
});

test('a startup reports each service and a summary to Slack, with counts and the newest event', async () => {
  // Prepare
  const cluster = originalCluster({ B: { alwaysFails: true } });
  const { worker, taskQueue } = await ecsWorker(env, cluster, { SLACK_WEBHOOK_URL: webhookUrl });
  const plan = originalPlan({ notifications: { slackWebhook: { env: 'SLACK_WEBHOOK_URL' } } });

  // Act
  const result = await worker.runUntil(
    env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-notify-slack', args: [{ plan }] }),
  );

  // Assess
  expect(result.notifications).toEqual({ sent: 6, failed: 0, errors: [] });
  const bodies = slack.received.map((p) => p.body as { text: string; attachments: { color: string; blocks: { fields?: { text: string }[]; text?: { text: string } }[] }[] });
  const b = bodies.find((x) => x.text === `ECS startup myapp-dev: ${svc('B')} failed`);
  expect(b?.attachments[0]?.color).toBe('#E01E5A');
  const fields = b?.attachments[0]?.blocks[1]?.fields?.map((f) => f.text) ?? [];
  expect(fields).toEqual(
    expect.arrayContaining([
      `*service*\n${svc('B')}`,
      '*desired*\n3',
      '*running*\n0',
      '*pending*\n3',
      '*failed tasks*\n3',
      expect.stringMatching(/^\*newest event at\*\n\d{4}-\d\d-\d\dT/),
      expect.stringMatching(/^\*newest event\*\n.*essential container exited/),
    ]),
  );
  const a = bodies.find((x) => x.text === `ECS startup myapp-dev: ${svc('A')} ready`);
  expect(a?.attachments[0]?.color).toBe('#2EB67D');
  const summary = bodies.find((x) => x.text === 'ECS startup myapp-dev: partial');
  expect(summary?.attachments[0]?.color).toBe('#ECB22E');
  expect(summary?.attachments[0]?.blocks[2]?.text?.text).toContain(`${svc('C')}: skipped (dependency ${svc('B')} failed)`);
});

test('a failing notification never fails the startup it reports on', async () => {
  // Prepare: Slack answers 500 to everything, SNS throttles.
  slack.status = 500;
  const cluster = originalCluster();
  const { worker, taskQueue } = await ecsWorker(env, cluster, { SLACK_WEBHOOK_URL: webhookUrl });
  const { snsMock } = await import('./ecs-harness');
  snsMock.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: {} }));
  const plan = originalPlan({
    notifications: { slackWebhook: { env: 'SLACK_WEBHOOK_URL' }, snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ecs' },
  });

  // Act
  const result = await worker.runUntil(
    env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-notify-fails', args: [{ plan }] }),
  );

  // Assess
  expect(result.outcome).toBe('succeeded');
  expect(result.notifications.sent).toBe(0);
  expect(result.notifications.failed).toBe(12);
  expect(result.notifications.errors[0]).toMatch(/slack: Slack webhook answered HTTP 500/);
  expect(JSON.stringify(result)).not.toContain('secret-token-xyz');
  // Retried a few times (3 attempts a message), then given up.
  expect(slack.received).toHaveLength(18);
});
