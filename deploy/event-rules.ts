import { Duration } from 'aws-cdk-lib';
import { Rule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RegionPlan } from './region-plan';

export const LIFECYCLE_DETAIL_TYPES = ['EC2 Instance-launch Lifecycle Action', 'EC2 Instance-terminate Lifecycle Action'];

export interface EventRulesProps {
  plan: RegionPlan;
  bridge: IFunction;
  /** Where an event goes when the bridge still fails after the retries. */
  deadLetterQueue: IQueue;
}

/**
 * The EventBridge rules that feed the bridge: lifecycle actions of the fleets' groups, and
 * the successful CloudTrail calls the golden-image and pin-latest workflows start from.
 * Name prefixes and exact names filter in EventBridge; globs filter on their literal start
 * and stackName fleets not at all: the bridge matches those itself and ignores the rest.
 */
export class EventRules extends Construct {
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: EventRulesProps) {
    super(scope, id);
    const { plan } = props;
    const target = new LambdaFunction(props.bridge, {
      deadLetterQueue: props.deadLetterQueue,
      // A start is idempotent (the workflow id is the event's business key), so retries are safe;
      // a hook waits an hour by default, so an event older than that is of no use.
      retryAttempts: 8,
      maxEventAge: Duration.hours(1),
    });
    const add = (ruleId: string, description: string, eventPattern: EventPattern) => {
      this.rules.push(new Rule(this, ruleId, { description, eventPattern, targets: [target] }));
    };

    const wantsLaunch = plan.features.launchGate;
    const wantsTerminate = plan.features.terminate;
    if (wantsLaunch || wantsTerminate) {
      add('LifecycleActions', 'fleet-workflows: lifecycle actions of the fleets\' Auto Scaling groups', {
        source: ['aws.autoscaling'],
        detailType: LIFECYCLE_DETAIL_TYPES.filter((type) => (type.includes('launch') ? wantsLaunch : wantsTerminate)),
        ...(plan.lifecycleGroupPatterns ? { detail: { AutoScalingGroupName: plan.lifecycleGroupPatterns } } : {}),
      });
    }
    if (plan.features.goldenImage) {
      add('CreateImageCalls', 'fleet-workflows: successful CreateImage calls (golden-image rollout)', cloudTrailCall('aws.ec2', 'ec2.amazonaws.com', 'CreateImage'));
    }
    if (plan.features.pinLatest) {
      add(
        'CreateAutoScalingGroupCalls',
        'fleet-workflows: successful CreateAutoScalingGroup calls (pin $Latest)',
        cloudTrailCall('aws.autoscaling', 'autoscaling.amazonaws.com', 'CreateAutoScalingGroup'),
      );
    }
  }
}

/** A management-event rule: needs a CloudTrail trail in the region (docs/deploy.md). */
function cloudTrailCall(source: string, eventSource: string, eventName: string): EventPattern {
  return {
    source: [source],
    detailType: ['AWS API Call via CloudTrail'],
    // A failed call created nothing; the bridge would only ignore it.
    detail: { eventSource: [eventSource], eventName: [eventName], errorCode: [{ exists: false }] },
  };
}
