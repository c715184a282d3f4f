/** Where a workflow reports progress; both optional, per plan or fleet. */
export interface NotificationTargets {
  /**
   * Where the worker finds the Slack incoming-webhook URL. The URL itself is a secret, so
   * it never travels in workflow input or history (both visible in the Web UI): only the
   * name of a worker environment variable or of an SSM SecureString parameter does.
   */
  slackWebhook?: { env: string } | { ssmParameter: string };
  snsTopicArn?: string;
  /** Region of the SNS topic; the worker's default when absent. */
  region?: string;
}

export type NotificationOutcome = 'info' | 'success' | 'warning' | 'failure';

export interface Notification {
  title: string;
  outcome: NotificationOutcome;
  /** Shown as labelled fields (Slack blocks) and as JSON attributes (SNS). */
  fields: Record<string, string | number | boolean | undefined>;
  text?: string;
}

export interface NotificationReport {
  slack?: 'sent' | 'failed';
  sns?: 'sent' | 'failed';
  error?: string;
}
