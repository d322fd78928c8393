// The promise of `significance`: a version as good as its baseline fails the bake, on any
// check at any look, at most that often. Many good bakes are simulated in memory (seeded,
// so the count is the same on every run) and judged look by look as the loop judges them,
// stopping at the first fail. significance is set high (20%, the most allowed) so that the
// budget is a number of failures a simulation can measure: at 1% it would take ten times
// as many bakes to say anything.
import { describe, expect, it } from '@jest/globals';
import { judge, type BaselineSource } from '../../../../src/core/bake/judge.js';
import type { PeriodSample, VersionPeriod } from '../../../../src/core/bake/observations.js';
import { config, MIN, T0 } from './fixtures.js';

/** mulberry32: a small seeded generator, enough for counts. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson(lambda): Knuth's product method for small means, a rounded normal above 50. */
function poisson(r: () => number, lambda: number): number {
  if (lambda > 50) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  for (let p = r(); p > l; p *= r()) k++;
  return k;
}

/** Binomial(n, p) as n Bernoulli draws: the routing of each call to the canary. */
function split(r: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (r() < p) x++;
  return x;
}

interface Rates {
  errors: number;
  throttles: number;
  /** Share of calls slower than the latency threshold. */
  slow: number;
}

function serve(r: () => number, n: number, rates: Rates): VersionPeriod {
  return {
    invocations: n,
    errors: poisson(r, n * rates.errors),
    throttles: poisson(r, n * rates.throttles),
    slow: poisson(r, n * rates.slow),
    ...(n > 0 ? { p99: 100 } : {}),
  };
}

const NONE: VersionPeriod = { invocations: 0, errors: 0, throttles: 0, slow: 0 };
const GOOD: Rates = { errors: 0.01, throttles: 0.001, slow: 0.01 };
/** The same drift on every version: what a history baseline must not fail on. */
const DRIFTED: Rates = { errors: 0.012, throttles: 0.0012, slow: 0.012 };

/** One bake of 10 one-minute periods, looked at after each; true when any look failed. */
function bakeFails(
  r: () => number,
  source: BaselineSource,
  significance: number,
  canary: Rates,
): boolean {
  const cfg = config({ significance });
  const perPeriod = 400;
  const periods: PeriodSample[] = [];
  for (let i = 10; i > 0; i--) {
    const n = poisson(r, perPeriod);
    periods.push({
      start: T0 - i * MIN,
      version: NONE,
      baseline: serve(r, n, GOOD),
      aliasInvocations: n,
    });
  }
  let previousLookMs = 0;
  let spending: ReturnType<typeof judge>['spending'] = {};
  for (let i = 0; i < 10; i++) {
    const n = poisson(r, perPeriod);
    const v = source === 'concurrent' ? split(r, n, 0.1) : n;
    periods.push({
      start: T0 + i * MIN,
      version: serve(r, v, canary),
      baseline: source === 'concurrent' ? serve(r, n - v, GOOD) : NONE,
      aliasInvocations: n,
    });
    const j = judge({
      config: cfg,
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      now: T0 + (i + 1) * MIN + 1000,
      baselineSource: source,
      ...(source === 'concurrent' ? { routedWeight: { weight: 0.1, since: T0 } } : {}),
      reading: { periods: [...periods], partial: false, messages: [], slowerThanMs: 100 },
      previousLookMs,
      spending,
    });
    if (j.verdict === 'fail') return true;
    previousLookMs = j.lookMs;
    spending = j.spending;
  }
  return false;
}

function failRate(source: BaselineSource, canary: Rates, bakes: number, seed: number): number {
  const r = rng(seed);
  let fails = 0;
  for (let b = 0; b < bakes; b++) if (bakeFails(r, source, 0.2, canary)) fails++;
  return fails / bakes;
}

/** The rate plus three standard errors of a binomial proportion at the budget. */
const withMargin = (rate: number, bakes: number, alpha: number) =>
  rate + 3 * Math.sqrt((alpha * (1 - alpha)) / bakes);

describe('the false-rollback budget over every check and every look', () => {
  it('fails good canaries on a split alias no more often than significance', () => {
    const rate = failRate('concurrent', GOOD, 600, 1);
    expect(withMargin(rate, 600, 0.2)).toBeLessThanOrEqual(0.2);
  });

  it('fails a version that only shares a drift with its history baseline no more often than significance', () => {
    const rate = failRate('before', DRIFTED, 600, 2);
    expect(withMargin(rate, 600, 0.2)).toBeLessThanOrEqual(0.2);
  });

  it('is no budget kept by a simulation that cannot fail: bad canaries do fail', () => {
    // Five times the errors, or five times the slow calls (400 canary calls a bake).
    expect(failRate('concurrent', { ...GOOD, errors: 0.05 }, 50, 3)).toBeGreaterThan(0.9);
    expect(failRate('concurrent', { ...GOOD, slow: 0.05 }, 50, 4)).toBeGreaterThan(0.9);
  });
});
