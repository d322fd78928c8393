// Where the duration-p99 test's threshold comes from. The test is exact only if the
// threshold is a constant to it: set from periods it does not judge.
import { describe, expect, it } from '@jest/globals';
import { judge } from '../../../../src/core/bake/judge.js';
import { latencyThreshold } from '../../../../src/core/bake/observations.js';
import { config, MIN, reading, repeat, T0 } from './fixtures.js';

describe('latencyThreshold', () => {
  it('is the median of the baseline p99 over the periods before the deployment with 100+ calls', () => {
    const r = reading(repeat(2), [
      { baseline: { p99: 80 } },
      { baseline: { p99: 120 } },
      { baseline: { p99: 500, invocations: 99 } }, // too few calls: left out
      { baseline: { p99: 101.234 } },
    ]);
    // By hand: 80, 101.234, 120 -> 101.234, rounded to 0.01 ms.
    expect(latencyThreshold(r.periods, T0, 60, 100)).toEqual({ ms: 101.23 });
  });

  it('without such history, is the first later period p99, which the test then does not judge', () => {
    const r = reading([{ baseline: { p99: 150 } }, { baseline: { p99: 90 } }], []);
    expect(latencyThreshold(r.periods, T0, 60, 100)).toEqual({ ms: 150, setUntil: T0 + MIN });
    expect(latencyThreshold(reading([], []).periods, T0, 60, 100)).toBeUndefined();
  });
});

describe('duration-p99 with a threshold set in the bake', () => {
  it('leaves the period the threshold came from out of the counts, and says so', () => {
    // Period 0 set the threshold; its 50 slow calls on the new version must not count.
    const bake = [{ version: { slow: 50 } }, ...repeat(9)];
    const r = { ...reading(bake, []), slowerThanMs: 100, slowerThanSetUntil: T0 + MIN };
    const j = judge({
      config: config(),
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      now: T0 + 10 * MIN + 1000,
      baselineSource: 'concurrent',
      reading: r,
      previousLookMs: 9 * MIN,
    });
    const latency = j.checks.find((c) => c.check === 'duration-p99')!;
    expect(latency.outcome).toBe('pass');
    expect(latency.samples).toEqual({ version: 9 * 120, baseline: 9 * 1080 });
    expect(latency.reason).toContain(
      'slower than 100 ms (the p99 Duration of version 4 in its first period with 100+ requests, which is left out of this test)',
    );
  });

  it('is inconclusive, never a pass, on the read that set the threshold: counting starts at the next', () => {
    const r = { ...reading(repeat(3)), slowerThanMs: undefined, latencyThreshold: { ms: 100 } };
    const j = judge({
      config: config(),
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      now: T0 + 3 * MIN + 1000,
      baselineSource: 'concurrent',
      reading: r,
      previousLookMs: 0,
    });
    const latency = j.checks.find((c) => c.check === 'duration-p99')!;
    expect(latency.outcome).toBe('inconclusive');
    expect(latency.reason).toBe(
      'The latency threshold, 100 ms (the p99 Duration of version 4), was set from this read; the calls slower than it are counted from the next period on.',
    );
  });
});
