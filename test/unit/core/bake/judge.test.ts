// The judgement of one look: every outcome, each reason naming its evidence.
import { describe, expect, it } from '@jest/globals';
import type { AlarmJudgement, AlarmSnapshot } from '../../../../src/core/alarms.js';
import { judge, type JudgeInput } from '../../../../src/core/bake/judge.js';
import { config, MIN, reading, repeat, T0 } from './fixtures.js';

function look(over: Partial<JudgeInput> & { periods?: number }): ReturnType<typeof judge> {
  const periods = over.periods ?? 10;
  return judge({
    config: config(),
    version: '5',
    previousVersion: '4',
    bakeStart: T0,
    deployStart: T0,
    now: T0 + periods * MIN + 1000,
    baselineSource: 'concurrent',
    routedWeight: { weight: 0.1, since: T0 },
    reading: reading(repeat(periods)),
    previousLookMs: (periods - 1) * MIN,
    ...over,
  });
}

const alarm = (name: string, state: AlarmSnapshot['state']): AlarmSnapshot => ({
  name,
  type: 'metric',
  state,
  reason: `${name} reason`,
});
const alarms = (list: AlarmSnapshot[]): AlarmJudgement => ({
  firing: list.filter((a) => a.state === 'ALARM'),
  ok: list.filter((a) => a.state === 'OK'),
  insufficientData: list.filter((a) => a.state === 'INSUFFICIENT_DATA'),
  missingNames: [],
  emptyPrefixes: [],
});

describe('judge', () => {
  it('passes a version that matches its baseline on every check with enough requests', () => {
    const j = look({ alarms: alarms([alarm('errors-v5', 'OK')]) });
    expect(j.verdict).toBe('pass');
    expect(j.reason).toBe(
      'Version 5 served 1200 requests over 10m and matched version 4 on every check.',
    );
    expect(j.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['alarms', 'pass'],
      ['traffic', 'pass'],
      ['traffic-share', 'pass'],
      ['error-rate', 'pass'],
      ['throttle-rate', 'pass'],
      ['duration-p99', 'pass'],
      ['invocations', 'pass'],
    ]);
  });

  it('fails at once when an alarm fires, naming it, whatever the metrics say', () => {
    const j = look({
      periods: 1,
      alarms: alarms([alarm('errors-v5', 'ALARM'), alarm('latency', 'OK')]),
    });
    expect(j.verdict).toBe('fail');
    expect(j.reason).toBe('Alarm firing: errors-v5 (errors-v5 reason).');
  });

  it('fails a 5x error-rate regression with the numbers, the p-value and the level in the log', () => {
    const j = look({ reading: reading(repeat(10, { version: { errors: 6 } })) });
    expect(j.verdict).toBe('fail');
    const check = j.checks.find((c) => c.check === 'error-rate')!;
    expect(check.outcome).toBe('fail');
    expect(check.value).toBeCloseTo(0.05, 6);
    expect(check.samples).toEqual({ version: 1200, baseline: 10800 });
    expect(check.statistic!.value).toBeLessThanOrEqual(check.threshold!.value);
    expect(j.reason).toMatch(
      /^The error rate of version 5 is 5% \(60\/1200\) against 1\.019% \(110\/10800\) for version 4: worse beyond the 0% minimum effect/,
    );
  });

  it('does not fail a slightly worse error rate that chance explains', () => {
    const j = look({ reading: reading(repeat(10, { version: { errors: 2 } })) });
    expect(j.checks.find((c) => c.check === 'error-rate')!.outcome).toBe('pass');
  });

  it('cannot fail on a look that adds no new period: it has no budget to spend', () => {
    const j = look({
      reading: reading(repeat(10, { version: { errors: 6 } })),
      previousLookMs: 10 * MIN,
    });
    expect(j.checks.find((c) => c.check === 'error-rate')!.outcome).toBe('pass');
  });

  it('spends the false-rollback budget as data arrives: periods not yet published add no look', () => {
    // At 10 minutes CloudWatch has published 7: the reading holds those, and no zeros after.
    const j = look({ reading: reading(repeat(7)), previousLookMs: 0 });
    expect(j.lookMs).toBe(7 * MIN);
  });

  it('measures how late the metrics are from the newest datapoint, not from the clock', () => {
    const j = look({ reading: reading(repeat(4)), now: T0 + 10 * MIN + 1000 });
    expect(j.publishedUntil).toBe(T0 + 4 * MIN);
    expect(j.coveredMs).toBe(4 * MIN);
    expect(j.lateMs).toBe(6 * MIN);
    // Late is not bad: the evidence so far is judged on what it is.
    expect(j.checks.find((c) => c.check === 'traffic')!.outcome).not.toBe('fail');
  });

  it('is inconclusive, never a pass, when the version is routed nothing and served nothing', () => {
    const j = look({
      routedWeight: { weight: 0, since: T0 },
      reading: reading(repeat(10, { version: { invocations: 0, errors: 0, p99: undefined } })),
    });
    expect(j.verdict).toBe('inconclusive');
    expect(j.checks.find((c) => c.check === 'error-rate')!.reason).toBe(
      'Version 5 served no requests: its error rate is unknown.',
    );
  });

  it('is inconclusive below min-invocations, saying so', () => {
    const j = look({ config: config({ minInvocations: 5000 }) });
    expect(j.verdict).toBe('inconclusive');
    expect(j.reason).toBe(
      'Version 5 served 1200 requests so far, fewer than min-invocations (5000): not enough evidence to pass.',
    );
  });

  it('is inconclusive when the baseline served nothing to compare with', () => {
    const j = look({
      reading: reading(
        repeat(10, { baseline: { invocations: 0, errors: 0, p99: undefined } }),
        repeat(10),
      ),
    });
    expect(j.verdict).toBe('inconclusive');
    expect(j.reason).toBe(
      'Version 4 served no requests meanwhile: there is no baseline error rate.',
    );
  });

  it('compares with the baseline before the deployment when the alias is fully on the new version', () => {
    const bake = repeat(10, {
      version: { invocations: 1200, errors: 60 },
      baseline: { invocations: 0, errors: 0, p99: undefined },
    });
    const j = look({ baselineSource: 'before', reading: reading(bake) });
    const check = j.checks.find((c) => c.check === 'error-rate')!;
    expect(check.samples).toEqual({ version: 12000, baseline: 12000 });
    expect(j.verdict).toBe('fail');
  });

  it('does not fail a drift both versions share against a history baseline, and says the margin', () => {
    // Errors 1% -> 1.2% for everyone. Against a concurrent baseline at 1% that would be a
    // regression (1,000,000 calls each: z = 13); against history it is inside the 25% margin.
    const drifted = { version: { invocations: 100_000, errors: 1200, slow: 1000 } };
    const history = repeat(10, { baseline: { invocations: 100_000, errors: 1000, slow: 1000 } });
    const none = { invocations: 0, errors: 0, p99: undefined, slow: 0 };
    const before = look({
      baselineSource: 'before',
      reading: reading(repeat(10, { ...drifted, baseline: none }), history),
    });
    expect(before.checks.find((c) => c.check === 'error-rate')!.outcome).toBe('pass');
    const concurrent = look({
      reading: reading(
        repeat(10, { ...drifted, baseline: { invocations: 100_000, errors: 1000, slow: 1000 } }),
        history,
      ),
    });
    expect(concurrent.verdict).toBe('fail');
    expect(concurrent.reason).toMatch(
      /^The error rate of version 5 is 1\.2% .*: worse beyond the 0% minimum effect \(p = /,
    );
    // A regression past the margin still fails, naming it.
    const worse = { version: { invocations: 100_000, errors: 1500, slow: 1000 }, baseline: none };
    const fails = look({ baselineSource: 'before', reading: reading(repeat(10, worse), history) });
    expect(fails.reason).toMatch(
      /worse beyond the 25% minimum effect \(0%, widened by 25% for a baseline measured before the deployment\)/,
    );
  });

  it('fails latency when significantly more of its calls are slower than the baseline p99', () => {
    // 5 of 120 calls a period (4.2%) slower than 100 ms, against 11 of 1080 (1%).
    const j = look({ reading: reading(repeat(10, { version: { slow: 5 } })) });
    const latency = j.checks.find((c) => c.check === 'duration-p99')!;
    expect(latency.outcome).toBe('fail');
    expect(latency.latencyThresholdMs).toBe(100);
    expect(latency.samples).toEqual({ version: 1200, baseline: 10800 });
    expect(j.reason).toMatch(
      /^The share of calls of version 5 slower than 100 ms \(the p99 Duration of version 4 before the deployment\) is 4\.167% \(50\/1200\) against 1\.019% \(110\/10800\) for version 4: worse beyond the 20% minimum effect \(p = .* <= .*\)\.$/,
    );
  });

  it('does not fail latency on a share of slow calls within the tolerance', () => {
    // 14 of 1200 (1.17%) against 1%: under the 1.2x the +20% tolerance allows.
    const bake = [...repeat(6), ...repeat(4, { version: { slow: 2 } })];
    const j = look({ reading: reading(bake) });
    expect(j.checks.find((c) => c.check === 'duration-p99')!.outcome).toBe('pass');
  });

  it('leaves latency inconclusive when no baseline p99 before the deployment sets a threshold', () => {
    const r = { ...reading(repeat(10)), slowerThanMs: undefined };
    const j = look({ reading: r });
    const latency = j.checks.find((c) => c.check === 'duration-p99')!;
    expect(latency.outcome).toBe('inconclusive');
    // The reason says what to change, so a quiet function is not stuck baking forever.
    expect(latency.reason).toMatch(/longer period.*leave duration-p99 out of metrics/);
    expect(j.verdict).toBe('inconclusive');
  });

  it('fails when traffic through the alias collapses in published periods', () => {
    // A trickle: CloudWatch publishes it, so the periods are known and nearly empty.
    const trickle = {
      version: { invocations: 0, errors: 0, p99: undefined },
      baseline: { invocations: 20, errors: 0, p99: undefined },
    };
    const j = look({ reading: reading([...repeat(4), ...repeat(6, trickle)]) });
    expect(j.verdict).toBe('fail');
    expect(j.reason).toBe(
      'Traffic through the alias collapsed: 60 requests in the last 3 periods against 3600 before the deployment (more than 90% down).',
    );
    // Significant, not just below: P(X <= 60) for Poisson(360), the floor, at this look's level.
    const traffic = j.checks.find((c) => c.check === 'traffic')!;
    expect(traffic.statistic!.name).toBe('Poisson p-value');
    expect(traffic.statistic!.value).toBeLessThan(traffic.threshold!.value);
  });

  it('does not call periods CloudWatch has not published yet a collapse, however long ago they were', () => {
    // A 5.5-minute publication delay: the last 6 periods are missing, not zero.
    const j = look({ reading: reading(repeat(4)), now: T0 + 10 * MIN + 1000 });
    expect(j.checks.find((c) => c.check === 'traffic')!.outcome).toBe('pass');
    expect(j.verdict).not.toBe('fail');
  });

  it('waits for published periods before judging alias traffic at all', () => {
    const j = look({ reading: reading(repeat(2)), now: T0 + 10 * MIN + 1000 });
    const traffic = j.checks.find((c) => c.check === 'traffic')!;
    expect(traffic.outcome).toBe('skipped');
    expect(traffic.reason).toBe(
      'CloudWatch has published 2 of the 3 periods since the deployment that alias traffic is judged over.',
    );
  });

  it('skips the traffic guard when there was too little traffic before to tell a drop from chance', () => {
    const j = look({ reading: reading(repeat(10), repeat(10, { alias: 2 })) });
    expect(j.checks.find((c) => c.check === 'traffic')!.outcome).toBe('skipped');
  });

  it('fails a throttled version on throttles over all attempts', () => {
    const j = look({ reading: reading(repeat(10, { version: { throttles: 30 } })) });
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/^The throttle rate of version 5 is 20% \(300\/1500\)/);
  });
});
