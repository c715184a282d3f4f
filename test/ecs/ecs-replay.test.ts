import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replayRecordedHistory } from '../helpers/histories';

// Histories recorded from the time-skipping tests (RECORD_HISTORIES=1): a change to the ECS
// workflows that would break runs in flight fails here. The first three were recorded before
// the quick readiness polls (the ecs-quick-readiness-polls patch) and poll at the interval only.
const histories = [
  'ecs-startup-original',
  'ecs-shutdown-original',
  'ecs-startup-waits-for-shutdown',
  'ecs-startup-quick-polls',
  'ecs-shutdown-quick-polls',
];

test.each(histories)('the recorded %s history replays against the current workflow code', async (name) => {
  await replayRecordedHistory(name);
});

test('the recorded startup really walked the original graph (the replay is not of an empty run)', () => {
  const history = readFileSync(join(__dirname, '..', 'histories', 'ecs-startup-original.json'), 'utf8');
  const updates = history.match(/"activityType":\s*\{\s*"name":\s*"setEcsDesiredCount"/g) ?? [];
  expect(updates).toHaveLength(5);
  expect(history).toContain('ecsPlanLockWorkflow');
});
