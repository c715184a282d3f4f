import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from './simulator';

// Every AWS operation the product's activities and starters send must be one the simulator
// answers; a new call without a simulated counterpart fails here, not in the demo.
const ROOTS = ['activities', 'starters', 'worker'].map((dir) => join(__dirname, '..', dir));
const SERVICE_OF: Record<string, 'autoscaling' | 'ec2' | 'ecs' | 'ssm' | 'sns'> = {
  'auto-scaling': 'autoscaling',
  ec2: 'ec2',
  ecs: 'ecs',
  ssm: 'ssm',
  sns: 'sns',
};

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `import { XCommand, … } from '@aws-sdk/client-<service>'` → service:X for each command sent. */
function productOperations(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of ROOTS.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const service = SERVICE_OF[match[2]!];
      if (!service) continue;
      for (const name of match[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!.replace(/^type\s+/, ''))) {
        if (!name.endsWith('Command') || !new RegExp(`new\\s+${name}\\s*\\(`).test(text)) continue;
        const operation = `${service}:${name.slice(0, -'Command'.length)}`;
        found.set(operation, [...(found.get(operation) ?? []), file.slice(join(__dirname, '..').length + 1)]);
      }
    }
  }
  return found;
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});

test('the simulator implements every AWS operation the product sends', () => {
  const used = productOperations();
  // The lifecycle calls live in the shared activities: the scan must at least find those.
  expect([...used.keys()]).toEqual(expect.arrayContaining(['autoscaling:CompleteLifecycleAction', 'autoscaling:RecordLifecycleActionHeartbeat']));
  const implemented = new Set(Object.entries(sim.operations()).flatMap(([service, ops]) => ops.map((op) => `${service}:${op}`)));
  const missing = [...used.entries()].filter(([op]) => !implemented.has(op)).map(([op, files]) => `${op} (sent from ${files.join(', ')})`);
  expect(missing).toEqual([]);
});
