// Inputs the bridge and the CLI must turn away without starting anything: each entry is the
// raw text a transport could carry, and the words its rejection must contain.
import { readFileSync } from 'node:fs';
import { fixturePath } from '../starters/fixtures';

export interface BadInput {
  name: string;
  /** Exactly what arrives: an EventBridge payload, an SQS message body, or a file for the CLI. */
  text: string;
  /** rejected: a malformed event (the message names the field); ignored: acknowledged, nothing to do. */
  expected: { rejected: RegExp } | { ignored: RegExp };
}

type Json = Record<string, unknown> & { detail: Record<string, unknown> };

const fixtureText = (name: string) => readFileSync(fixturePath(name), 'utf8');
const launch = (): Json => JSON.parse(fixtureText('eventbridge-launch-lifecycle-action.json')) as Json;
const createImage = (): Json => JSON.parse(fixtureText('cloudtrail-create-image.json')) as Json;
const edited = (base: () => Json, edit: (event: Json) => void): string => {
  const event = base();
  edit(event);
  return JSON.stringify(event);
};

const launchText = fixtureText('eventbridge-launch-lifecycle-action.json');

export const badInputs: BadInput[] = [
  { name: 'truncated JSON', text: launchText.slice(0, Math.floor(launchText.length * 0.6)), expected: { rejected: /not JSON/ } },
  { name: 'empty body', text: '', expected: { rejected: /not JSON/ } },
  {
    name: 'wrong type: instance id is a number',
    text: edited(launch, (e) => (e.detail.EC2InstanceId = 12345)),
    expected: { rejected: /detail\.EC2InstanceId: .*expected string, received number/ },
  },
  {
    name: 'wrong type: detail is a string',
    text: edited(launch, (e) => (e.detail = 'launch' as unknown as Record<string, unknown>)),
    expected: { rejected: /detail: .*expected object/ },
  },
  {
    name: 'wrong type: region is a number',
    text: edited(launch, (e) => (e.region = 5)),
    expected: { rejected: /region: .*expected string/ },
  },
  {
    name: 'missing field: lifecycle action token',
    text: edited(launch, (e) => delete e.detail.LifecycleActionToken),
    expected: { rejected: /detail\.LifecycleActionToken/ },
  },
  {
    name: 'missing field: Auto Scaling group name',
    text: edited(launch, (e) => delete e.detail.AutoScalingGroupName),
    expected: { rejected: /detail\.AutoScalingGroupName/ },
  },
  {
    name: 'bad value: unknown lifecycle transition',
    text: edited(launch, (e) => (e.detail.LifecycleTransition = 'autoscaling:EC2_INSTANCE_REBOOTING')),
    expected: { rejected: /detail\.LifecycleTransition/ },
  },
  {
    name: 'bad value: CreateImage answer without an AMI id',
    text: edited(createImage, (e) => ((e.detail.responseElements as Record<string, unknown>).imageId = 'not-an-ami')),
    expected: { rejected: /imageId/ },
  },
  {
    name: 'huge body: 1 MB instance id',
    text: edited(launch, (e) => (e.detail.EC2InstanceId = `i-${'f'.repeat(1_000_000)}`)),
    expected: { rejected: /detail\.EC2InstanceId: expected an EC2 instance id/ },
  },
  {
    name: 'huge body: 1 MB Auto Scaling group name',
    text: edited(launch, (e) => (e.detail.AutoScalingGroupName = 'web-'.repeat(250_000))),
    expected: { rejected: /detail\.AutoScalingGroupName: longer than the 255 characters AWS allows/ },
  },
  {
    name: 'huge body: 3 MB notification metadata',
    text: edited(launch, (e) => (e.detail.NotificationMetadata = 'm'.repeat(3_000_000))),
    expected: { rejected: /detail\.NotificationMetadata: longer than the 1023 characters AWS allows/ },
  },
  {
    name: 'huge body: 4 MB JSON array',
    text: JSON.stringify(Array.from({ length: 250_000 }, (_, i) => ({ i }))),
    expected: { ignored: /not a JSON object/ },
  },
  {
    name: 'huge body: 3 MB truncated JSON',
    text: `{"detail-type":"EC2 Instance-launch Lifecycle Action","source":"aws.autoscaling","detail":{"x":"${'y'.repeat(3_000_000)}`,
    expected: { rejected: /not JSON/ },
  },
  {
    name: 'unknown event type: EC2 rebalance recommendation',
    text: edited(launch, (e) => {
      e.source = 'aws.ec2';
      e['detail-type'] = 'EC2 Instance Rebalance Recommendation';
    }),
    expected: { ignored: /no route for aws\.ec2 'EC2 Instance Rebalance Recommendation'/ },
  },
  { name: 'unknown event type: neither EventBridge nor Auto Scaling', text: '{"hello":"world"}', expected: { ignored: /neither an EventBridge event nor an Auto Scaling notification/ } },
  { name: 'JSON that is not an object', text: '42', expected: { ignored: /not a JSON object/ } },
];

export function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
