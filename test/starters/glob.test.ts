import { globMatches } from '../../starters/routing/glob';

describe('glob rules', () => {
  test.each([
    ['batch-??', 'batch-07', true],
    ['batch-??', 'batch-107', false],
    ['web-*', 'web-', true],
    ['web-*', 'web-prod-WebAsg-1A2B', true],
    ['web-*', 'api-web-1', false],
    ['*-prod-*', 'web-prod-1', true],
    ['*-prod-*', 'web-prod', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['a*b*c', 'aXbYbc', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['web.prod', 'webXprod', false],
    ['a/b*', 'a/b/c', true],
    ['(x)+[y]', '(x)+[y]', true],
  ])('%s against %s: %s', (glob, name, expected) => {
    expect(globMatches(glob, name)).toBe(expected);
  });

  test.each([`${'a*'.repeat(40)}b`, `${'*a'.repeat(40)}*b*`, `*${'a?*'.repeat(30)}ab`])('%s against a long name that almost matches returns at once', (glob) => {
    // A backtracking matcher (a regex, or picomatch) takes minutes on such globs; the piecewise scan takes microseconds.
    const name = 'a'.repeat(255);

    const started = process.hrtime.bigint();
    const result = globMatches(glob, name);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

    expect(result).toBe(false);
    // Generous for a loaded machine: the exponential case is many orders of magnitude beyond it.
    expect(elapsedMs).toBeLessThan(200);
  });
});
