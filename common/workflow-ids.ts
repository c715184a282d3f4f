import { createHash } from 'node:crypto';

/**
 * Workflow ids come from each event's business key, so a redelivered event (EventBridge
 * is at-least-once; the same lifecycle action may also arrive through SQS) maps to the
 * id of the run it already started, while a genuinely new event gets a new id.
 * The lifecycle action token is unique per lifecycle action and carried by both
 * transports, so it tells a new launch of the same instance (warm pool → group) apart.
 *
 * Components are joined with `/`, so each is encoded first: without that, group
 * `web-prod-a/b` with event `c` and group `web-prod-a` with event `b/c` would share an id and
 * the second event would join the first run. Characters in ID_SAFE stay as they are (every
 * AWS id, token, region and typical group name), so ids stay readable and ids of runs
 * started before the encoding existed are unchanged for such keys.
 */
export const workflowIds = {
  launchGate: (instanceId: string, lifecycleActionToken: string) => workflowId('launch-gate', instanceId, lifecycleActionToken),
  terminate: (instanceId: string, lifecycleActionToken: string) => workflowId('terminate', instanceId, lifecycleActionToken),
  fleet: (fleetName: string) => workflowId('fleet', fleetName),
  goldenImage: (region: string, imageId: string) => workflowId('golden-image', region, imageId),
  /** CloudTrail's eventID: an ASG deleted and created again under the same name is pinned again. */
  pinLatest: (region: string, autoScalingGroupName: string, cloudTrailEventId: string) =>
    workflowId('pin-latest', region, autoScalingGroupName, cloudTrailEventId),
  ecsStartup: (planName: string, runKey: string) => workflowId('ecs-startup', planName, runKey),
  ecsShutdown: (planName: string, runKey: string) => workflowId('ecs-shutdown', planName, runKey),
};

/**
 * Well under Temporal's 1000-byte default (`limit.maxIDLength`), and short enough to read in
 * the Web UI; schedules append a timestamp to ECS ids, which still fits.
 */
export const MAX_WORKFLOW_ID_LENGTH = 200;

/** Left as they are in a component; everything else, `/`, `%` and `~` included, is escaped. */
const ID_SAFE = /^[A-Za-z0-9._:@+=,-]$/;
/** Never appears unescaped in a component, so it marks a bounded id unambiguously. */
const HASH_MARK = '~';
const HASH_HEX_LENGTH = 32;

export function workflowId(kind: string, ...components: string[]): string {
  const full = [kind, ...components.map(encodeIdComponent)].join('/');
  return boundWorkflowId(full);
}

/**
 * Percent-encodes each UTF-8 byte of a character outside ID_SAFE (`/` → `%2F`, `%` → `%25`).
 * Injective: `%` itself is escaped, so decoding is unambiguous. A lone UTF-16 surrogate
 * (possible in a JavaScript string, not in UTF-8) becomes `%uXXXX`, which no byte escape can be.
 */
export function encodeIdComponent(component: string): string {
  let out = '';
  for (const ch of component) {
    if (ID_SAFE.test(ch)) {
      out += ch;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%u${code.toString(16).toUpperCase().padStart(4, '0')}`;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * An id over the limit keeps a readable head and ends in `~` plus 128 bits of the SHA-256
 * of the whole id. An id within the limit never contains a bare `~`, so a bounded id can
 * never equal an unbounded one, and two bounded ids differ unless SHA-256 collides.
 */
export function boundWorkflowId(id: string): string {
  if (id.length <= MAX_WORKFLOW_ID_LENGTH) return id;
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, HASH_HEX_LENGTH);
  let head = id.slice(0, MAX_WORKFLOW_ID_LENGTH - HASH_HEX_LENGTH - HASH_MARK.length);
  // Never cut an escape in half: the head stays something a reader can decode.
  head = head.replace(/%(u[0-9A-F]{0,3}|[0-9A-F]?)$/, '');
  return `${head}${HASH_MARK}${hash}`;
}
