// Test-only workflow: proves the time-skipping chain (server, bundle, worker) works.
import { condition, defineQuery, defineSignal, setHandler, sleep } from '@temporalio/workflow';

export const wokenSignal = defineSignal<[string]>('woken');
export const stateQuery = defineQuery<string>('state');

export async function sleepAnHourWorkflow(input: { label: string }): Promise<string> {
  let state = 'sleeping';
  let wokenBy: string | undefined;
  setHandler(stateQuery, () => state);
  setHandler(wokenSignal, (who) => {
    wokenBy = who;
  });
  await sleep('1 hour');
  state = 'awake';
  await condition(() => wokenBy !== undefined, '10 minutes');
  return `${input.label} slept an hour, woken by ${wokenBy ?? 'nobody'}`;
}
