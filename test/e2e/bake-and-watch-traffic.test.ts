// bake-and-watch judges the alias's traffic as a whole too: a collapse after the deployment
// (the errors a broken client or route never reports) fails the bake and restores, while
// metrics that land late, as AWS/Lambda's do, are not taken for one. And the new version's
// share of it: a canary routed 10% that Lambda never counts an invocation of fails. The
// bundle runs on the simulator with 1 s periods, after twelve seconds of usual traffic to
// compare with.
import { describe, expect, it } from '@jest/globals';
import { GOOD, RESTORED, SILENT, useBakeLab } from '../fixtures/bake-lab.js';

const { lab, bake, deploy, deployAfterUsualTraffic, alias, updates } = useBakeLab();

describe("bake-and-watch and the alias's traffic", () => {
  it('fails when traffic through the alias collapses after the deployment, and restores the baseline', async () => {
    // Then almost nobody calls any more: the errors a broken client or route never reports.
    const usual = await deployAfterUsualTraffic(GOOD);
    lab.sim.traffic.stop(usual);
    lab.sim.traffic.start({ functionName: lab.fn, qualifier: 'live', ratePerSecond: 3 });

    const r = await bake({ period: '1s', 'bake-time': '10s', 'max-bake-time': '10s' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs.reason).toMatch(
      /^Traffic through the alias collapsed: \d+ requests in the last 3 periods against [\d.]+ before the deployment \(more than 90% down\)\.$/,
    );
    expect(r.outputs['rolled-back']).toBe('true');
    expect(alias()).toMatchObject(RESTORED);
  });

  it('passes a good canary whose metrics land late: periods not published yet are no traffic collapse', async () => {
    // AWS/Lambda data lands minutes late; here 1.5 periods late, inside the 2 periods the
    // traffic check lets settle. The verdict waits for the evidence rather than guessing.
    lab.sim.store.publicationLagMs = 1_500;
    await deployAfterUsualTraffic(GOOD);
    const updatesBefore = updates();
    // 30 req/s on version 2 is too few per 1 s period for a p99: the rates are judged.
    const r = await bake({
      period: '1s',
      'bake-time': '10s',
      'max-bake-time': '20s',
      metrics: 'error-rate +0%\nthrottle-rate +0%',
    });
    expect(r.outputs.reason).toMatch(/^Version 2 served \d+ requests over .* on every check\.$/);
    expect(r.exitCode).toBe(0);
    const log = JSON.parse(r.outputs['decision-log']);
    expect(log.checks.find((c: { check: string }) => c.check === 'traffic').outcome).toBe('pass');
    expect(updates()).toBe(updatesBefore);
  });

  it('fails a silent canary routed 10% that serves none of the calls, naming its share, and restores', async () => {
    await deploy(SILENT);
    // Only the error rate is compared: its calls counted nowhere, it can only be unknown.
    const r = await bake({
      period: '1s',
      'bake-time': '10s',
      'max-bake-time': '10s',
      metrics: 'error-rate +0%',
    });
    expect(r.outputs.verdict).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(r.outputs.reason).toMatch(
      /^Version 2 served 0% of the calls to versions 2 and 1 \(0 of \d+\) while the alias routes it 10%: about \d+ expected, significantly fewer than 5% \(50% of the 10% weight\)/,
    );
    const log = JSON.parse(r.outputs['decision-log']);
    expect(log.checks.find((c: { check: string }) => c.check === 'traffic-share').outcome).toBe(
      'fail',
    );
    expect(r.outputs['rolled-back']).toBe('true');
    expect(alias()).toMatchObject({ version: '1', weights: {} });
  });

  it('passes the share of a good canary routed 10%', async () => {
    await deploy(GOOD);
    const r = await bake({
      period: '1s',
      'bake-time': '10s',
      'max-bake-time': '10s',
      metrics: 'error-rate +0%\nthrottle-rate +0%',
    });
    const log = JSON.parse(r.outputs['decision-log']);
    expect(log.checks.find((c: { check: string }) => c.check === 'traffic-share').outcome).toBe(
      'pass',
    );
    expect(r.outputs.verdict).toBe('pass');
  });
});
