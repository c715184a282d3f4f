import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './acknowledge';
import type { Construct } from 'constructs';
import { BridgeFunction } from './bridge-function';
import type { DeploySettings } from './deploy-settings';
import { EventRules } from './event-rules';
import { HookQueue } from './hook-queue';
import type { RegionPlan } from './region-plan';
import { WorkerPolicy } from './worker-policy';
import { WorkerService } from './worker-service';

export interface FleetStackProps extends StackProps {
  plan: RegionPlan;
  settings: DeploySettings;
  /** The directory tools/build-bridge.sh wrote. */
  bridgeCodeDirectory: string;
}

/** Everything one region needs: the bridge, its rules and queue, the worker's policy and optional service. */
export class FleetStack extends Stack {
  readonly bridge: BridgeFunction;
  readonly workerPolicy: WorkerPolicy;
  readonly hookQueue?: HookQueue;
  readonly workerService?: WorkerService;

  constructor(scope: Construct, id: string, props: FleetStackProps) {
    super(scope, id, props);
    const { plan, settings } = props;
    this.bridge = new BridgeFunction(this, 'Bridge', { plan, settings, codeDirectory: props.bridgeCodeDirectory });

    const ruleDeadLetters = new Queue(this, 'RuleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(ruleDeadLetters, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the EventBridge targets; it has none of its own.');
    new EventRules(this, 'Rules', { plan, bridge: this.bridge.function, deadLetterQueue: ruleDeadLetters });

    if (settings.sqsPath) {
      this.hookQueue = new HookQueue(this, 'HookQueue', { bridge: this.bridge.function, bridgeTimeout: this.bridge.function.timeout ?? Duration.seconds(30) });
      new CfnOutput(this, 'HookQueueArn', { value: this.hookQueue.queue.queueArn, description: 'NotificationTargetARN for put-lifecycle-hook' });
      new CfnOutput(this, 'HookNotificationRoleArn', { value: this.hookQueue.notificationRole.roleArn, description: 'RoleARN for put-lifecycle-hook' });
    }

    this.workerPolicy = new WorkerPolicy(this, 'Worker', { plan, instanceRoleArns: settings.worker.instanceRoleArns });
    new CfnOutput(this, 'WorkerPolicyArn', { value: this.workerPolicy.policy.managedPolicyArn, description: 'Attach to the worker\'s role' });

    const service = settings.worker.services[plan.region];
    if (service) {
      this.workerService = new WorkerService(this, 'WorkerService', {
        plan,
        settings,
        service,
        workerPolicy: this.workerPolicy.policy,
        logRetentionDays: settings.bridge.logRetentionDays,
      });
    }
    new CfnOutput(this, 'RuleDeadLetterQueueUrl', { value: ruleDeadLetters.queueUrl, description: 'Events the bridge failed on after the target retries' });
  }
}
