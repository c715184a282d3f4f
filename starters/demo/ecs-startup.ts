import { join } from 'node:path';
import { ECS_STARTUP_WORKFLOW, type EcsRunResult, type EcsStartupInput } from '../../common/ecs-plan';
import { workflowIds } from '../../common/workflow-ids';
import { loadEcsPlanFile } from '../ecs/plan-file';
import { plain, summarise, type Scenario } from './scenario';

const PLAN_FILE = join(__dirname, 'ecs-plan.yaml');
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:fleet-demo-ops';

/** Seed 003: the morning start of the dev cluster, A → B → {C, D, E}. */
export const ecsStartupScenario: Scenario = {
  name: 'ecs-startup',
  title: 'Morning ECS startup in dependency order',
  story: 'myapp-dev-cluster was stopped overnight; the startup brings A up, then B (whose tasks crash without A), then C, D and E together.',
  async play(ctx, check) {
    const { plan } = loadEcsPlanFile(PLAN_FILE);
    const workflowId = workflowIds.ecsStartup(plan.name ?? plan.cluster, `demo-${new Date().toISOString()}`);
    const publishedBefore = (await ctx.simState()).sns.published.length;
    ctx.progress(`starting ${workflowId} (what the 08:00 schedule does)`);
    await ctx.client.workflow.start(ECS_STARTUP_WORKFLOW, {
      workflowId,
      taskQueue: ctx.stack.taskQueue,
      args: [{ plan } satisfies EcsStartupInput],
    });
    const summary = await summarise<EcsRunResult>(ctx.client, workflowId, (r) => ({ outcome: r.outcome, text: r.summary }));
    const result = summary.result;

    const state = await ctx.simState();
    const services = state.ecs.find((c) => c.cluster === plan.cluster)?.services ?? [];
    const counts = Object.fromEntries(services.map((s) => [s.serviceName, s.runningCount]));
    const expected = Object.fromEntries(plan.services.map((s) => [s.name, s.desiredCount]));
    check.equal('the startup succeeded', result?.outcome, 'succeeded');
    check.equal('every service runs its planned count (A 1, B 3, C 1, D 7, E 1)', counts, expected);
    check.equal(
      'no task failed for a missing dependency: each service started after what it needs',
      services.filter((s) => s.failedTasks > 0).map((s) => s.serviceName),
      [],
    );
    check.equal('every service reports ready', result?.services.map((s) => s.outcome), plan.services.map(() => 'ready'));
    const messages = state.sns.published.slice(publishedBefore).filter((m) => m.topicArn === TOPIC);
    check.that('each service and the summary were notified to SNS (6 messages)', messages.length >= 6, `${messages.length} message(s)`);
    return [plain(summary)];
  },
};
