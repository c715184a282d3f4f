import { SimError } from '../wire/errors';
import type { SimContext } from './context';

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes?: Record<string, unknown>;
  publishedAt: string;
}

/** SNS topics; every publish is kept for inspection. */
export class Sns {
  readonly topics = new Map<string, { TopicArn: string; Name: string; region: string }>();
  readonly published: PublishedMessage[] = [];

  constructor(private readonly ctx: SimContext) {}

  createTopic(region: string, name: string | undefined): string {
    if (!name || !/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) {
      throw new SimError('InvalidParameter', 'Invalid parameter: Topic Name');
    }
    const arn = `arn:aws:sns:${region}:${this.ctx.accountId}:${name}`;
    if (!this.topics.has(arn)) this.topics.set(arn, { TopicArn: arn, Name: name, region });
    return arn;
  }

  publish(input: { TopicArn?: string; TargetArn?: string; Message?: string; Subject?: string; MessageAttributes?: Record<string, unknown> }): PublishedMessage {
    const arn = input.TopicArn ?? input.TargetArn;
    if (!arn) throw new SimError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    if (!/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) throw new SimError('InvalidParameter', 'Invalid parameter: TopicArn');
    if (!this.topics.has(arn)) throw new SimError('NotFound', 'Topic does not exist', 404);
    if (input.Message === undefined || input.Message === '') throw new SimError('InvalidParameter', 'Invalid parameter: Message Reason: Empty message');
    const message: PublishedMessage = {
      messageId: this.ctx.ids.uuid(),
      topicArn: arn,
      subject: input.Subject,
      message: input.Message,
      messageAttributes: input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0 ? input.MessageAttributes : undefined,
      publishedAt: this.ctx.clock.now().toISOString(),
    };
    this.published.push(message);
    return message;
  }
}
