import { createActivities } from '../../activities';
import { sameClientsForEveryRegion, type AwsClients } from '../../activities/aws-clients';
import { GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW } from '../../common/golden-image';
import * as workflows from '../../workflows';

test('the worker registers both workflows under the names the bridge starts', () => {
  expect(typeof (workflows as Record<string, unknown>)[GOLDEN_IMAGE_WORKFLOW]).toBe('function');
  expect(typeof (workflows as Record<string, unknown>)[PIN_LATEST_WORKFLOW]).toBe('function');
});

test('the worker registers the lock a rollout starts as its child', () => {
  expect(typeof (workflows as Record<string, unknown>).launchTemplateLockWorkflow).toBe('function');
});

test('the worker registers the golden-image activities', () => {
  const activities = createActivities({ clientsFor: sameClientsForEveryRegion({} as AwsClients) }) as Record<string, unknown>;
  for (const name of [
    'describeImageState',
    'readLaunchTemplateId',
    'describeLaunchTemplateVersions',
    'createLaunchTemplateVersion',
    'setDefaultLaunchTemplateVersion',
    'deleteLaunchTemplateVersions',
    'findAutoScalingGroupsUsingTemplate',
    'describeAutoScalingGroupLaunchSource',
    'pinAutoScalingGroupToLatest',
    'startInstanceRefresh',
    'describeInstanceRefresh',
  ]) {
    expect(typeof activities[name]).toBe('function');
  }
});
