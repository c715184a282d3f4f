import { route } from '../../starters/routing/route';
import { isIgnored, type RouteResult, type Routed } from '../../starters/routing/start-request';
import { configFrom, fixture } from './fixtures';

// Issue 18: a kind's own `mode` wins, then the fleet's, then act; observing runs say so in
// their input and in the memo they start with, and acting runs carry neither.
function configWith(fleetMode: string | undefined, gateMode: string | undefined) {
  return configFrom(`
version: 1
fleets:
  - name: web-prod
    match: { prefix: web-prod- }
${fleetMode ? `    mode: ${fleetMode}\n` : ''}    launchGate:
      originBaseUrl: https://www.example.com
      hostHeader: www.example.com
${gateMode ? `      mode: ${gateMode}\n` : ''}    terminate: { drain: { monitoring: { kind: none } } }
`);
}

function routed(result: RouteResult): Routed {
  if (isIgnored(result)) throw new Error(`expected starts, got ignored: ${result.ignored}`);
  return result;
}

const launch = () => fixture('eventbridge-launch-lifecycle-action.json');
const terminate = () => fixture('eventbridge-terminate-lifecycle-action.json');

test.each([
  ['no mode anywhere', undefined, undefined, undefined],
  ['the fleet observing', 'observe', undefined, 'observe'],
  ["the gate's own act over the fleet's observe", 'observe', 'act', 'act'],
  ["the gate's own observe in an acting fleet", 'act', 'observe', 'observe'],
])('%s: the gate gets the mode it should', (_, fleetMode, gateMode, expected) => {
  const [gate] = routed(route(launch(), configWith(fleetMode, gateMode))).starts;

  expect((gate!.args[0] as { settings: { mode?: string } }).settings.mode).toBe(expected);
  expect(gate!.memo.mode).toBe(expected === 'observe' ? 'observe' : undefined);
});

test("terminate takes the fleet's mode when it has none of its own, input and memo", () => {
  const [run] = routed(route(terminate(), configWith('observe', 'act'))).starts;

  expect(run!.args[0]).toMatchObject({ settings: { mode: 'observe', fleetName: 'web-prod' } });
  expect(run!.memo).toMatchObject({ mode: 'observe', fleet: 'web-prod' });
});

test('a mode that is neither act nor observe is an error naming its path', () => {
  expect(() => configWith('watch', undefined)).toThrow(/fleets\.0\.mode/);
  expect(() => configWith(undefined, 'dry-run')).toThrow(/fleets\.0\.launchGate\.mode/);
});
