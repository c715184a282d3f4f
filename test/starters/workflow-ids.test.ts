import { encodeIdComponent, MAX_WORKFLOW_ID_LENGTH, workflowIds } from '../../common/workflow-ids';

describe('workflow ids', () => {
  test('ids of keys made of AWS ids, tokens and plain names are what they were before encoding existed', () => {
    expect(workflowIds.launchGate('i-0598c7d356eba48d7', '87654321-4321-4321-4321-210987654321')).toBe(
      'launch-gate/i-0598c7d356eba48d7/87654321-4321-4321-4321-210987654321',
    );
    expect(workflowIds.pinLatest('ap-northeast-1', 'api-prod-ApiAsg-9Z8Y7X6W5V4U', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d')).toBe(
      'pin-latest/ap-northeast-1/api-prod-ApiAsg-9Z8Y7X6W5V4U/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    );
    expect(workflowIds.ecsStartup('myapp-dev', 'manual-2024-05-14T09:21:04.000Z')).toBe('ecs-startup/myapp-dev/manual-2024-05-14T09:21:04.000Z');
  });

  test('a slash inside a component cannot make two keys share an id', () => {
    const first = workflowIds.pinLatest('ap-northeast-1', 'web-prod-a/b', 'c');
    const second = workflowIds.pinLatest('ap-northeast-1', 'web-prod-a', 'b/c');

    expect(first).not.toBe(second);
    expect(first).toBe('pin-latest/ap-northeast-1/web-prod-a%2Fb/c');
  });

  test('an escape typed literally differs from the character it stands for', () => {
    expect(encodeIdComponent('a%2Fb')).not.toBe(encodeIdComponent('a/b'));
    expect(encodeIdComponent('a~b')).toBe('a%7Eb');
  });

  test('distinct components stay distinct, whatever characters they hold', () => {
    const keys = ['', '/', '%', '%2F', '~', ' ', 'é', 'e\u0301', '\ud800', '\ud801', '日本', 'a/b', 'a%2Fb', 'a b', 'a+b', '\u0000', '%u0000'];

    const encoded = new Set(keys.map(encodeIdComponent));

    expect(encoded.size).toBe(keys.length);
  });

  test('a long id is bounded, keeps a readable head and differs from another long id with the same head', () => {
    const longGroup = `web-${'x'.repeat(250)}`;

    const a = workflowIds.pinLatest('us-east-1', longGroup, '11111111-1111-1111-1111-111111111111');
    const b = workflowIds.pinLatest('us-east-1', longGroup, '22222222-2222-2222-2222-222222222222');

    expect(a.length).toBe(MAX_WORKFLOW_ID_LENGTH);
    expect(a.startsWith('pin-latest/us-east-1/web-xxx')).toBe(true);
    expect(a).toMatch(/~[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    // The same key always gives the same id, so a redelivery still joins its run.
    expect(workflowIds.pinLatest('us-east-1', longGroup, '11111111-1111-1111-1111-111111111111')).toBe(a);
  });

  test('a bounded id never cuts an escape in half', () => {
    const id = workflowIds.pinLatest('us-east-1', '日'.repeat(255), 'e');

    expect(id.length).toBeLessThanOrEqual(MAX_WORKFLOW_ID_LENGTH);
    expect(id.split('~')[0]).toMatch(/(%[0-9A-F]{2})+$/);
  });

  test('an id within the limit can never equal a bounded one: only bounded ids hold a bare ~', () => {
    const bounded = workflowIds.pinLatest('us-east-1', 'g'.repeat(255), 'e');
    const [head, hash] = bounded.split('~') as [string, string];
    const crafted = workflowIds.pinLatest('us-east-1', `${head.slice('pin-latest/us-east-1/'.length)}~${hash}`, 'e');

    expect(crafted).not.toBe(bounded);
  });
});
