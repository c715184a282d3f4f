import { ManualClock, ScaledClock } from './clock';
import { LoopbackIpAllocator, isLoopbackHost } from './loopback';

test('a manual clock fires due timers in time order, including timers they set, and never early', () => {
  const clock = new ManualClock(0);
  const fired: string[] = [];
  clock.after(300, () => fired.push('c@300'));
  clock.after(100, () => {
    fired.push('a@100');
    clock.after(50, () => fired.push('b@150'));
  });
  const cancel = clock.after(200, () => fired.push('cancelled'));
  cancel();
  clock.advance(299);
  expect(fired).toEqual(['a@100', 'b@150']);
  expect(clock.now().getTime()).toBe(299);
  clock.advance(1);
  expect(fired).toEqual(['a@100', 'b@150', 'c@300']);
});

test('a scaled clock runs simulated time faster than real time', async () => {
  const clock = new ScaledClock(1000);
  const started = clock.now().getTime();
  const fired = new Promise<number>((resolve) => clock.after(60_000, () => resolve(clock.now().getTime())));
  // One simulated minute at 1000x is 60 real ms; the timer must not fire before the simulated minute.
  await expect(fired.then((at) => at - started)).resolves.toBeGreaterThanOrEqual(60_000);
  expect(() => new ScaledClock(0)).toThrow(/speed/);
  clock.cancelAll();
});

test('instance addresses stay in 127.0.0.0/8 and skip .0 and .255', () => {
  const ips = new LoopbackIpAllocator('127.0.0.253');
  expect([ips.allocate(), ips.allocate(), ips.allocate()]).toEqual(['127.0.0.253', '127.0.0.254', '127.0.1.1']);
  expect(isLoopbackHost('127.3.4.5')).toBe(true);
  for (const host of ['10.0.0.1', '172.16.0.1', '192.168.0.1', '8.8.8.8', '0.0.0.0', '::']) expect(isLoopbackHost(host)).toBe(false);
  expect(() => new LoopbackIpAllocator('10.0.0.2')).toThrow(/loopback/);
});
