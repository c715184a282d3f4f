import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './acknowledge';
import { Construct } from 'constructs';

export interface HookQueueProps {
  bridge: IFunction;
  /** The bridge's timeout: a message stays invisible six times as long, as AWS advises for Lambda consumers. */
  bridgeTimeout: Duration;
}

/**
 * Lifecycle hooks that notify SQS instead of EventBridge: the queue, its dead-letter queue
 * after five failed receives, the event source mapping that reports only the failed
 * records of a batch, and the role Auto Scaling publishes hook notifications with.
 */
export class HookQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Pass as the hook's role (`--role-arn`, NotificationTargetARN is the queue). */
  readonly notificationRole: Role;

  constructor(scope: Construct, id: string, props: HookQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps anything: an operator reads what the bridge could never take.
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the hook queue; it has none of its own.');
    this.queue = new Queue(this, 'Notifications', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.bridgeTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    props.bridge.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));

    this.notificationRole = new Role(this, 'HookNotificationRole', {
      assumedBy: new ServicePrincipal('autoscaling.amazonaws.com'),
      description: 'fleet-workflows: Auto Scaling publishes lifecycle hook notifications to the hook queue',
    });
    // What the AWS managed AutoScalingNotificationAccessRole grants, for this one queue.
    this.notificationRole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'], resources: [this.queue.queueArn] }));
  }
}
