import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { FleetSpec } from './setup';
import { startSimulator } from './simulator';

// Runs the simulator on its own: `node -r @swc-node/register simulator/main.ts --port 4566 --fleet fleet.yaml`.
function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number >= 0`);
    return n;
  };
}

const program = new Command('fleet-simulator')
  .description('A loopback AWS endpoint (Auto Scaling, EC2, ECS, SSM, SNS) that behaves like a fleet')
  .option('--port <port>', 'port of the AWS endpoint and the /_sim/ control API (0: any free port)', number('--port'), 4566)
  .option('--region <region>', 'default region', 'us-east-1')
  .option('--speed <factor>', 'simulated seconds per real second', number('--speed'), 1)
  .option('--fleet <file>', 'YAML or JSON fleet to create at start (see docs/simulator.md)')
  .option('--event-sink <url>', 'POST every emitted EventBridge event to this loopback URL')
  .action(async (options: { port: number; region: string; speed: number; fleet?: string; eventSink?: string }) => {
    const fleet = options.fleet ? (parseYaml(readFileSync(options.fleet, 'utf8')) as FleetSpec) : undefined;
    const sim = await startSimulator({
      port: options.port,
      defaultRegion: options.region,
      speed: options.speed,
      fleet,
      events: options.eventSink ? { url: options.eventSink } : {},
    });
    process.stdout.write(
      [
        `fleet simulator listening on ${sim.url}`,
        `  AWS_ENDPOINT_URL=${sim.url} AWS_REGION=${options.region} AWS_ACCESS_KEY_ID=simulator AWS_SECRET_ACCESS_KEY=simulator`,
        `  state:  curl ${sim.url}/_sim/state`,
        `  origin: ${sim.originUrl}   instance web servers: 127.0.0.2+ on port ${sim.replicaPort}`,
        '',
      ].join('\n'),
    );
    const stop = () => {
      void sim.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`fleet-simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
