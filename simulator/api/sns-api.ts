import type { CreateTopicCommandInput, CreateTopicCommandOutput, PublishCommandInput, PublishCommandOutput } from '@aws-sdk/client-sns';
import type { Fleet } from '../fleet/fleet';
import { op, type ServiceApi } from './handler';

export function createSnsApi(fleet: Fleet): ServiceApi {
  const { sns } = fleet;

  return {
    CreateTopic: op<CreateTopicCommandInput, CreateTopicCommandOutput>((input, call) => ({ TopicArn: sns.createTopic(call.region, input.Name) })),

    Publish: op<PublishCommandInput, PublishCommandOutput>((input) => ({ MessageId: sns.publish(input).messageId })),
  };
}
