// bake-and-watch when every datapoint lands late, as AWS/Lambda's do (1-3 minutes; here a
// few 1 s periods): a silent canary still fails on its share and is restored; a CloudWatch
// outage on a good version is waited out, never taken for a failure; and at 100% weight,
// against the old version's history, a drift both versions share passes. The bundle runs on
// the simulator like the runner runs it.
import { describe, expect, it } from '@jest/globals';
import { encodeRecord } from '../../src/core/deployment-record.js';
import { GOOD, RESTORED, SILENT, useBakeLab } from '../fixtures/bake-lab.js';

const { lab, bake, deploy, deployAfterUsualTraffic, alias, updates } = useBakeLab();

/** A bake of ten 1 s periods, max-bake-time the same, comparing only `metrics`. */
const bakeTenPeriods = (metrics: string) =>
  bake({ period: '1s', 'bake-time': '10s', 'max-bake-time': '10s', metrics });

const checkOf = (log: { checks: { check: string }[] }, name: string) =>
  log.checks.find((c) => c.check === name);

describe('bake-and-watch with late metrics', () => {
  it('fails a silent canary routed 10% on its share though every datapoint lands 3 periods late, and restores', async () => {
    lab.sim.store.publicationLagMs = 3_000;
    await deploy(SILENT);
    const r = await bakeTenPeriods('error-rate +0%');
    expect(r.outputs.verdict).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(r.outputs.reason).toMatch(
      /^Version 2 served 0% of the calls to versions 2 and 1 \(0 of \d+\) while the alias routes it 10%/,
    );
    const log = JSON.parse(r.outputs['decision-log']);
    expect(checkOf(log, 'traffic-share')).toMatchObject({ outcome: 'fail' });
    expect(r.outputs['rolled-back']).toBe('true');
    expect(alias()).toMatchObject(RESTORED);
  });

  it('waits out an outage of 8 periods on a good canary, then passes once the data lands, alias unchanged', async () => {
    // The CloudWatch incident: 1.5 periods late as usual, then nothing at all published for
    // 8 periods (6 minutes of 1-minute periods, scaled), then all of it at once. It begins a
    // few seconds into the bake and lifts about when max-bake-time is reached, well inside
    // the 15 periods the bake waits past it: the bake must wait, then has the data to pass.
    lab.sim.store.publicationLagMs = 1_500;
    await deployAfterUsualTraffic(GOOD);
    const updatesBefore = updates();
    const from = Date.now() + 3_000;
    lab.sim.store.outage = { from, until: from + 8_000 };
    const r = await bakeTenPeriods('error-rate +0%\nthrottle-rate +0%');
    expect(r.outputs.reason).toMatch(/^Version 2 served \d+ requests over .* on every check\.$/);
    expect(r.outputs.verdict).toBe('pass');
    expect(r.exitCode).toBe(0);
    const log = JSON.parse(r.outputs['decision-log']);
    // It waited past max-bake-time, saying why and how late, for lateness the outage made:
    // far beyond the usual 1.5 s. It passed only once the outage had lifted.
    const late = (log.polls as { at: string; reason: string }[]).flatMap((p) => {
      const m =
        /\(waiting for metrics: they cover (?:none|[\d.]+s) of the 10s bake-time; the newest datapoint CloudWatch returned ends at \S+, ([\d.]+)s before the last complete period\)$/.exec(
          p.reason,
        );
      return m ? [Number(m[1])] : [];
    });
    expect(Math.max(...late)).toBeGreaterThanOrEqual(5);
    expect(log.polls.at(-1).elapsedMs).toBeGreaterThan(10_000);
    expect(Date.parse(log.polls.at(-1).at)).toBeGreaterThanOrEqual(from + 8_000);
    expect(checkOf(log, 'traffic')).toMatchObject({ outcome: 'pass' });
    expect(checkOf(log, 'traffic-share')).toMatchObject({ outcome: 'pass' });
    expect(updates()).toBe(updatesBefore);
    expect(alias()).toMatchObject({ version: '1', weights: { '2': 0.1 } });
  });

  it("passes a good version at 100% against its predecessor's history when a drift both share lifts errors from 1% to 1.2%", async () => {
    // A dependency's errors rise for every version between the history and the bake: version
    // 1 served 1% before the deployment, and version 2, as good, serves 1.2% after it. The
    // 25% drift margin of a history baseline holds the 20% rise; without it, at these
    // counts (some 20,000 calls a side), the error-rate test would fail it about one bake in
    // four; a drift to 2%, beyond the margin, fails.
    lab.sim.store.publicationLagMs = 2_000;
    const DRIFTED = { ...GOOD, errorRate: 0.012 };
    lab.sim.lambda.createFunctionWithVersions(lab.fn, 2, { models: [GOOD, DRIFTED] });
    lab.sim.lambda.createAlias(lab.fn, 'live', '1', {});
    lab.sim.traffic.start({
      functionName: lab.fn,
      qualifier: 'live',
      ratePerSecond: 2_000,
      seed: lab.counter,
    });
    // More than the 10 s of history a 1 s period and a 10 s max-bake-time look back on.
    await new Promise((r) => setTimeout(r, 12_000));
    const record = encodeRecord({
      previousVersion: '1',
      version: '2',
      strategy: 'all-at-once',
      startedAt: Date.now(),
      status: 'in-progress',
    });
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '2', {}, record);
    const updatesBefore = updates();
    const r = await bakeTenPeriods('error-rate +0%');
    expect(r.outputs.reason).toMatch(
      /^Version 2 served \d+ requests over .* and matched version 1 on every check\.$/,
    );
    expect(r.outputs.verdict).toBe('pass');
    expect(r.exitCode).toBe(0);
    const log = JSON.parse(r.outputs['decision-log']);
    expect(log.baselineSource).toBe('before');
    const errors = checkOf(log, 'error-rate') as unknown as {
      outcome: string;
      value: number;
      baselineValue: number;
      samples: { version: number; baseline: number };
    };
    expect(errors.outcome).toBe('pass');
    // The drift was there to be seen: the new version's rate above the history's.
    expect(errors.value).toBeGreaterThan(errors.baselineValue);
    expect(errors.samples.baseline).toBeGreaterThan(15_000);
    expect(updates()).toBe(updatesBefore);
    expect(alias()).toMatchObject({ version: '2', weights: {} });
  });
});
