// `npm run demo`: the whole pipeline on the local simulator, on the wall clock. A bad
// release is caught at its canary and rolled back automatically; a good release goes all
// the way. The job summaries each step wrote are saved as Markdown (with their mermaid
// charts) in the folder printed at the end.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../../test/harness/runner.js';
import { startSimulator, type VersionModel } from '../index.js';
import { heading, say } from './log.js';
import { Pipeline } from './pipeline.js';
import { ALIAS, FUNCTION, publishRelease, RATE_PER_SECOND, setUpService } from './scenario.js';

const outputDir = join(REPO_ROOT, 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(outputDir, { recursive: true });

const sim = await startSimulator({
  clock: 'wall',
  metricResolutionSeconds: 1,
  alarmEvaluationIntervalMs: 1000,
  seed: 42,
});
/** The live alias as the Lambda API reports it. */
function liveAlias(): { version: string; weights: [string, number][] } {
  const alias = sim.lambda.getAlias(FUNCTION, ALIAS) as {
    FunctionVersion?: string;
    RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  };
  return {
    version: alias.FunctionVersion ?? '?',
    weights: Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {}),
  };
}

const trafficTicker = setInterval(() => {
  const { version, weights } = liveAlias();
  const split = weights.length
    ? `, version ${weights[0][0]} at ${Math.round(weights[0][1] * 100)}%`
    : '';
  say('traffic', `${RATE_PER_SECOND} req/s on ${FUNCTION}:${ALIAS} → version ${version}${split}`);
}, 10_000);

try {
  heading(
    `Setting up: function orders, alias live on version 1, ${RATE_PER_SECOND} req/s, SLO alarm`,
  );
  setUpService(sim);
  const pipeline = new Pipeline(sim, outputDir);

  /** Publishes a build with its version-scoped alarm, as a build job would, then deploys it. */
  const release = async (title: string, label: string, model: VersionModel, strategy: string) => {
    heading(title);
    const build = publishRelease(sim, model);
    say(
      'build',
      `published version ${build.version}; created alarm ${build.alarm} on ExecutedVersion=${build.version}`,
    );
    const outcome = await pipeline.release({
      label,
      version: build.version,
      versionAlarm: build.alarm,
      strategy,
      bakeTime: '20s',
    });
    return { ...outcome, version: build.version };
  };
  const first = await release(
    'Release A: a bad build (25% errors), canary 20% for 20s',
    'release A',
    { errorRate: 0.25, latencyMs: 45, p99LatencyMs: 140 },
    'canary 20% 20s',
  );
  const second = await release(
    'Release B: a good build, canary 20% for 15s, then bake 20s',
    'release B',
    { errorRate: 0.005, latencyMs: 38, p99LatencyMs: 110 },
    'canary 20% 15s',
  );

  heading('Result');
  const alias = liveAlias();
  say(
    'demo',
    `release A: ${first.failedStep ? `stopped at ${first.failedStep}, rolled back` : 'went all the way (unexpected!)'}`,
  );
  say(
    'demo',
    `release B: ${second.failedStep ? `stopped at ${second.failedStep} (unexpected!)` : 'went all the way'}`,
  );
  const where = alias.weights.length ? `SPLIT: ${JSON.stringify(alias.weights)}` : 'no weights';
  say('demo', `alias ${FUNCTION}:${ALIAS} is on version ${alias.version} with ${where}`);
  say('demo', `job summaries: ${relative(process.cwd(), outputDir) || outputDir}/`);
  process.exitCode =
    first.failedStep &&
    !second.failedStep &&
    alias.version === second.version &&
    alias.weights.length === 0
      ? 0
      : 1;
} finally {
  clearInterval(trafficTicker);
  await sim.stop();
}
