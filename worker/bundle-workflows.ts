// `npm run build` step: bundles the workflows once, so a production worker loads the bundle
// (WORKFLOW_BUNDLE_PATH) instead of running webpack at every start.
//   node dist/worker/bundle-workflows.js <output file>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(output: string | undefined): Promise<void> {
  if (!output) throw new Error('usage: bundle-workflows <output file>');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, code);
  process.stdout.write(`workflow bundle: ${output} (${(code.length / 1024 / 1024).toFixed(2)} MiB)\n`);
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`bundle-workflows failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
