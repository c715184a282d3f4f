import { launchTemplateVersionClientToken } from '../../activities/golden-image/launch-template-versions';
import { chunk, planPruning } from '../../workflows/golden-image-pruning';

test('keeps the newest N, deletes the rest oldest first', () => {
  expect(planPruning([1, 2, 3, 4, 5, 6], 3, 6, [])).toEqual({ kept: [6, 5, 4], protected: [], toDelete: [1, 2, 3] });
});

test('never deletes the default version or one a group names by number; $Latest/$Default protect nothing extra', () => {
  const plan = planPruning([1, 2, 3, 4, 5, 6], 2, 1, [
    { autoScalingGroupName: 'a', version: '3' },
    { autoScalingGroupName: 'b', version: '$Latest' },
    { autoScalingGroupName: 'c', version: '$Default' },
  ]);
  expect(plan).toEqual({
    kept: [6, 5],
    protected: [
      { version: 3, reason: 'referenced-by:a' },
      { version: 1, reason: 'default-version' },
    ],
    toDelete: [2, 4],
  });
});

test('fewer versions than N: nothing to delete', () => {
  expect(planPruning([2, 1], 3, 2, [])).toEqual({ kept: [2, 1], protected: [], toDelete: [] });
});

test('batches of at most the API limit', () => {
  const batches = chunk(Array.from({ length: 450 }, (_, i) => i + 1), 200);
  expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
  expect(batches.flat()).toHaveLength(450);
});

test('the ClientToken is the same for the same image and template, different otherwise, and at most 64 characters', () => {
  const a = launchTemplateVersionClientToken('ami-0fedcba9876543210', 'lt-0a1b2c3d4e5f60718');
  expect(a).toBe(launchTemplateVersionClientToken('ami-0fedcba9876543210', 'lt-0a1b2c3d4e5f60718'));
  expect(a).not.toBe(launchTemplateVersionClientToken('ami-0fedcba9876543211', 'lt-0a1b2c3d4e5f60718'));
  expect(a.length).toBeLessThanOrEqual(64);
  const long = launchTemplateVersionClientToken(`ami-${'f'.repeat(40)}`, `lt-${'0'.repeat(40)}`);
  expect(long).toMatch(/^[0-9a-f]{64}$/);
});
