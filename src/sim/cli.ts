import { startSimulator } from './index.js';

/**
 * `npm run sim [-- --port 4566 --virtual --resolution 1 --lag 2000]`: serves until Ctrl-C, printing
 * the variables a shell must export to point the suite at it.
 */
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const resolution = opt('resolution');
const sim = await startSimulator({
  clock: args.includes('--virtual') ? 'virtual' : 'wall',
  port: Number(opt('port') ?? 4566),
  host: opt('host') ?? '127.0.0.1',
  seed: opt('seed') ? Number(opt('seed')) : undefined,
  metricResolutionSeconds: resolution ? Number(resolution) : undefined,
  metricPublicationLagMs: opt('lag') ? Number(opt('lag')) : undefined,
  alarmEvaluationIntervalMs: resolution ? Number(resolution) * 1000 : undefined,
});

console.log(`safe-deploy simulator (${sim.clock.kind} clock) on ${sim.url}`);
console.log('Export these to point the suite at it:\n');
for (const [k, v] of Object.entries(sim.env)) console.log(`export ${k}=${v}`);
console.log(`\nControl API: ${sim.url}/_sim/health (see src/sim/README.md). Ctrl-C to stop.`);

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
