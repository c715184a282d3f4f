import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** AWS SDK v3 client package → IAM service prefix. */
const PREFIX_OF: Record<string, string> = {
  'client-auto-scaling': 'autoscaling',
  'client-ec2': 'ec2',
  'client-ecs': 'ecs',
  'client-ssm': 'ssm',
  'client-sns': 'sns',
  'client-secrets-manager': 'secretsmanager',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The IAM actions of every AWS call the code under `dir` can make, read from its source:
 * `new XCommand(` or `new sdk.XCommand(` of the one SDK client a file imports, and Powertools'
 * parameter providers (one call each). A command whose client cannot be told is reported, not guessed.
 */
export function sdkCallsIn(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (action: string, file: string) => found.set(action, [...(found.get(action) ?? []), file]);
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (/@aws-lambda-powertools\/parameters\/ssm/.test(text)) add('ssm:GetParameter', file);
    if (/@aws-lambda-powertools\/parameters\/secrets/.test(text)) add('secretsmanager:GetSecretValue', file);
    const commands = [...text.matchAll(/new (?:\w+\.)?(\w+)Command\(/g)].map((m) => m[1]!);
    if (commands.length === 0) continue;
    // `import { XCommand, … } from '@aws-sdk/client-…'` names each command's client; `new sdk.XCommand(`
    // after `import('@aws-sdk/client-…')` needs the file to load only that one client.
    const moduleOf = new Map<string, string>();
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      for (const name of m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)) moduleOf.set(name, m[2]!);
    }
    const modules = [...new Set([...text.matchAll(/@aws-sdk\/(client-[a-z0-9-]+)/g)].map((m) => m[1]!))];
    for (const command of commands) {
      const module = moduleOf.get(`${command}Command`) ?? (modules.length === 1 ? modules[0] : undefined);
      const prefix = module && PREFIX_OF[module];
      if (!prefix) throw new Error(`${file}: cannot tell which AWS SDK client sends ${command}Command (found ${modules.join(', ') || 'none'})`);
      add(`${prefix}:${command}`, file);
    }
  }
  return found;
}
