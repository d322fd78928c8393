// The traffic-share check: on a split alias, the new version's share of the calls against
// the weight it is routed. A version routed 10% that serves far less fails, saying so; one
// that serves about 10% passes whatever the noise of random routing; too few calls to tell
// is inconclusive. Its false alarms come out of the bake's significance budget.
import { describe, expect, it } from '@jest/globals';
import { budgetSplit } from '../../../../src/core/bake/budget.js';
import { TRAFFIC_SHARE_FLOOR } from '../../../../src/core/bake/judge-constants.js';
import { type Check, judge, type JudgeInput } from '../../../../src/core/bake/judge.js';
import { config, MIN, type PeriodSpec, reading, repeat, T0 } from './fixtures.js';

function share(over: Partial<JudgeInput> & { bake?: PeriodSpec[] } = {}): Check {
  const bake = over.bake ?? repeat(10);
  const j = judge({
    config: config(),
    version: '5',
    previousVersion: '4',
    bakeStart: T0,
    deployStart: T0,
    now: T0 + bake.length * MIN + 1000,
    baselineSource: 'concurrent',
    routedWeight: { weight: 0.1, since: T0 },
    reading: reading(bake),
    previousLookMs: (bake.length - 1) * MIN,
    ...over,
  });
  return j.checks.find((c) => c.check === 'traffic-share')!;
}

/** Seeded uniform draws (mulberry32): the same noise on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One minute of `calls` routed at `weight` call by call, as Lambda routes them. */
function routedMinute(calls: number, weight: number, next: () => number): PeriodSpec {
  let v = 0;
  for (let i = 0; i < calls; i++) if (next() < weight) v++;
  return {
    version: { invocations: v, errors: 0 },
    baseline: { invocations: calls - v, errors: 0 },
  };
}

describe('traffic-share', () => {
  it('fails a silent canary at a 10% weight, naming the weight, the shares and the counts', () => {
    const silent = { version: { invocations: 0, errors: 0, p99: undefined } };
    const c = share({ bake: repeat(10, silent) });
    expect(c.outcome).toBe('fail');
    expect(c.reason).toMatch(
      /^Version 5 served 0% of the calls to versions 5 and 4 \(0 of 10800\) while the alias routes it 10%: about 1080 expected, significantly fewer than 5% \(50% of the 10% weight\) \(p = [\d.e-]+ <= [\d.e-]+\)\. A version that fails before Lambda counts its calls, or that calls do not reach, looks like this\.$/,
    );
    expect(c.value).toBe(0);
    expect(c.baselineValue).toBe(0.1);
    expect(c.samples).toEqual({ version: 0, baseline: 10800 });
  });

  it('fails the whole judgement with that reason, where the rate tests can only call its rates unknown', () => {
    const silent = { version: { invocations: 0, errors: 0, p99: undefined } };
    const bake = repeat(10, silent);
    const j = judge({
      config: config(),
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      now: T0 + 10 * MIN + 1000,
      baselineSource: 'concurrent',
      routedWeight: { weight: 0.1, since: T0 },
      reading: reading(bake),
      previousLookMs: 9 * MIN,
    });
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/^Version 5 served 0% of the calls/);
  });

  it('fails a canary that serves a fraction of its weight: 2% of the calls at 10%', () => {
    const c = share({
      bake: repeat(10, {
        version: { invocations: 24, errors: 0 },
        baseline: { invocations: 1176 },
      }),
    });
    expect(c.outcome).toBe('fail');
    expect(c.reason).toMatch(
      /^Version 5 served 2% of the calls to versions 5 and 4 \(240 of 12000\)/,
    );
  });

  it('passes a healthy 10% canary at every look of 200 seeded bakes, whatever the routing noise', () => {
    const outcomes = new Set<string>();
    let lowest = 1;
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      // 200 calls a minute: at 10% the canary's minute swings between about 10 and 30.
      const bake = Array.from({ length: 10 }, () => routedMinute(200, 0.1, next));
      for (let minutes = 1; minutes <= 10; minutes++) {
        const c = share({ bake: bake.slice(0, minutes) });
        if (c.outcome !== 'inconclusive') outcomes.add(c.outcome);
        if (minutes === 10) lowest = Math.min(lowest, c.value!);
      }
    }
    expect([...outcomes]).toEqual(['pass']);
    // The noise is real: some bakes saw well under 10%.
    expect(lowest).toBeLessThan(0.085);
  });

  it('passes a share somewhat below the weight: noise is not a silent canary', () => {
    const c = share({
      bake: repeat(10, { version: { invocations: 84 }, baseline: { invocations: 1116 } }),
    });
    expect(c.outcome).toBe('pass');
    expect(c.reason).toBe(
      'Version 5 served 7% of the calls to versions 5 and 4 (840 of 12000) at a 10% weight; not significantly below 5% (50% of the 10% weight).',
    );
  });

  it('is inconclusive, never a pass and never a fail, on too few calls in all, even with none on the version', () => {
    const quiet = {
      version: { invocations: 0, errors: 0, p99: undefined },
      baseline: { invocations: 10 },
    };
    const c = share({ bake: repeat(3, quiet) });
    expect(c.outcome).toBe('inconclusive');
    // A silent version over n calls has p = (1 - 5%)^n: below the test's budget only from
    // n = ln(alpha) / ln(0.95) on.
    // Its share is a tenth of the 1% (budget.ts): ln(0.001) / ln(0.95) = 134.67, by hand.
    const alpha = budgetSplit(config(), true)['traffic-share']!.alpha;
    const needed = Math.ceil(Math.log(alpha) / Math.log1p(-TRAFFIC_SHARE_FLOOR * 0.1));
    expect(needed).toBe(135);
    expect(c.reason).toBe(
      `30 calls reached versions 5 and 4 at the 10% weight so far, fewer than the ${needed} it takes to tell a share below 5% (50% of the 10% weight) from chance.`,
    );
  });

  it('spends its false alarms from the significance budget, shared with every other check', () => {
    // A tenth of the 1% with every check on; none when it cannot run (no split alias).
    expect(budgetSplit(config(), true)['traffic-share']!.alpha).toBeCloseTo(0.001, 12);
    expect(budgetSplit(config(), false)['traffic-share']).toBeUndefined();
    const c = share();
    expect(c.budget!.share).toBeCloseTo(0.1, 12);
    expect(c.budget!.alpha).toBeCloseTo(0.001, 12);
    expect(c.statistic!.name).toBe('exact binomial p-value');
    expect(c.threshold!.name).toBe('nominal level at this look');
    expect(c.threshold!.value).toBeGreaterThan(0);
    expect(c.threshold!.value).toBeLessThan(0.001);
  });

  it('cannot fail on a look that adds no new period: it has no budget to spend', () => {
    const silent = { version: { invocations: 0, errors: 0, p99: undefined } };
    const c = share({ bake: repeat(10, silent), previousLookMs: 10 * MIN });
    expect(c.outcome).toBe('pass');
  });

  it('counts only whole periods after the weight was set: a period that began before mixes two weights', () => {
    // The weight was set 30 s into minute 2; minutes 0-2 carried none of it.
    const before = { version: { invocations: 0, errors: 0, p99: undefined } };
    const c = share({
      bake: [...repeat(3, before), ...repeat(7)],
      routedWeight: { weight: 0.1, since: T0 + 2 * MIN + 30_000 },
    });
    expect(c.outcome).toBe('pass');
    expect(c.samples).toEqual({ version: 840, baseline: 7560 });
  });

  it('is skipped when the alias is not split: the baseline is judged from before', () => {
    const c = share({ baselineSource: 'before', routedWeight: undefined });
    expect(c.outcome).toBe('skipped');
  });

  it('is skipped when the weight is not known, or routes nothing to the version', () => {
    expect(share({ routedWeight: undefined }).outcome).toBe('skipped');
    const none = { version: { invocations: 0, errors: 0, p99: undefined } };
    const c = share({ bake: repeat(10, none), routedWeight: { weight: 0, since: T0 } });
    expect(c.outcome).toBe('skipped');
    expect(c.reason).toBe(
      'The alias routes 0% of its calls to version 5: there is no split to check.',
    );
  });
});
