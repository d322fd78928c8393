// shift-traffic with compare-metrics, the built bundle through the runner harness, against
// the simulator on the wall clock with real traffic and 5 s high-resolution metrics, and no
// alarm at all: a bad version is caught at the canary step from the evidence alone and the
// previous version restored; a good one goes to 100%.
import { describe, expect, it } from '@jest/globals';
import { runAction } from '../harness/runner.js';
import { aliasNow } from '../fixtures/alias-now.js';
import { errorAnnotations, useEvidenceSimulator } from '../fixtures/evidence-simulator.js';

const lab = useEvidenceSimulator();
const GOOD = { errorRate: 0.01, latencyMs: 20, p99LatencyMs: 60 };
const BAD = { errorRate: 0.3, latencyMs: 20, p99LatencyMs: 60 };

function shift(inputs: Record<string, string>) {
  return runAction({
    action: 'shift-traffic',
    inputs: {
      'function-name': lab.fn,
      alias: 'live',
      version: '2',
      'compare-metrics': 'true',
      period: '5s',
      'poll-interval': '1s',
      ...inputs,
    },
    env: lab.sim.env,
    timeoutMs: 45_000,
  });
}

/** Version 1 (1% errors) is live with 300 req/s through the alias; version 2 is `model`. */
async function deploy(model: typeof GOOD): Promise<void> {
  lab.sim.lambda.createFunctionWithVersions(lab.fn, 2, { models: [GOOD, model] });
  lab.sim.lambda.createAlias(lab.fn, 'live', '1');
  lab.sim.traffic.start({
    functionName: lab.fn,
    qualifier: 'live',
    ratePerSecond: 300,
    seed: lab.counter,
  });
  await new Promise((r) => setTimeout(r, 1000));
}

const alias = () => aliasNow(lab.sim, lab.fn);

/** Version 2's weight after every UpdateAlias that landed. */
const weights = () =>
  lab.sim.lambda
    .aliasHistory(lab.fn, 'live')
    .slice(1)
    .map((h) => (h.functionVersion === '2' ? 1 : (h.weights['2'] ?? 0)));
const errors = errorAnnotations;

describe('shift-traffic with compare-metrics on the simulator', () => {
  it('catches a 30% error canary against 1% at the canary step with no alarm, and restores', async () => {
    await deploy(BAD);
    const started = Date.now();
    const r = await shift({ strategy: 'canary 10% 30s' });
    expect(r.exitCode).toBe(1);
    // Caught from the evidence well before the 30 s canary ends.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(r.outputs.status).toBe('rolled-back');
    expect(weights()).toEqual([0, 0.1, 0]);
    expect(alias()).toMatchObject({
      version: '1',
      weights: {},
      record: { previousVersion: '1', version: '2', status: 'rolled-back' },
    });
    expect(errors(r)[0]).toMatch(
      /^Rolled back to version 1: evidence from per-version metrics: the error rate of version 2 is \d+(\.\d+)?% \(\d+\/\d+\) against \d+(\.\d+)?% \(\d+\/\d+\) for version 1: worse beyond the 0% minimum effect \(p = .*\) \(at 10%\)\.$/,
    );
    expect(r.summary).toMatch(
      /\*\*Rolled back: orders-\d+:live is fully on version 1 again because the evidence was against version 2\.\*\*/,
    );
    expect(r.summary).toContain('### Evidence');
    expect(r.summary).toMatch(/\| error-rate \| fail \| \d/);
    // No alarm was given, yet the step was guarded: no "watches nothing" warning.
    expect(r.annotations.map((a) => a.message).join('\n')).not.toMatch(/watches nothing/);
  }, 40_000);

  it('takes a version as good as the previous one to 100%', async () => {
    await deploy(GOOD);
    lab.sim.calls.clear();
    const started = Date.now();
    const r = await shift({ strategy: 'canary 10% 12s' });
    // Polled every second, but GetMetricData only when a new 5 s period has completed.
    expect(lab.sim.calls.count('GetMetricData')).toBeLessThanOrEqual(
      Math.ceil((Date.now() - started) / 5000) + 1,
    );
    expect(r.exitCode).toBe(0);
    expect(r.outputs.status).toBe('succeeded');
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    expect(alias()).toMatchObject({ version: '2', weights: {}, record: { status: 'succeeded' } });
    expect(r.summary).toMatch(
      /\*\*Version 2 now takes all traffic of orders-\d+:live \(was version 1\), shifted by "canary 10% 12s"(; the evidence was not a pass)?\.\*\*/,
    );
    expect(r.summary).toMatch(/\| Alarms \| No alarm was given\. \|/);
    expect(r.summary).toMatch(/\| error-rate \| pass \| /);
    expect(r.log).toMatch(/Evidence: (pass|inconclusive): /);
  }, 40_000);

  it('restores at the first look once GetMetricData is denied, naming the permission, instead of after 3', async () => {
    await deploy(GOOD);
    const run = shift({ strategy: 'canary 10% 30s' });
    // Denied only once the first step is set: denied earlier, the check before the first
    // step refuses the shift instead, which is a different outcome from this test's.
    await run.waitForLine(/Watching at 10% for /);
    lab.sim.faults.add({ operation: 'CloudWatch.GetMetricData', kind: 'access-denied' });
    const r = await run;
    expect(r.exitCode).toBe(1);
    expect(r.outputs.status).toBe('rolled-back');
    expect(alias()).toMatchObject({ version: '1', weights: {} });
    const denied = lab.sim.calls
      .list({ operation: 'GetMetricData' })
      .filter((c) => c.status === 403);
    expect(denied).toHaveLength(1);
    expect(errors(r)[0]).toMatch(
      /evidence cannot be read, and waiting will not change that \(AccessDenied: .*not authorized to perform: cloudwatch:GetMetricData /,
    );
  }, 40_000);

  it('refuses bad metrics before any AWS call', async () => {
    await deploy(GOOD);
    lab.sim.calls.clear();
    const r = await shift({ metrics: 'error-rate -1%' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)[0]).toMatch(/^Input 'metrics' is 'error-rate -1%'/);
    expect(lab.sim.calls.count('GetAlias') + lab.sim.calls.count('GetMetricData')).toBe(0);
  }, 20_000);
});
