// Builders for metric readings: a bake described as per-period counts, the way the
// adapter hands them to core.
import type { BakeConfig } from '../../../../src/core/bake/config.js';
import type {
  MetricsReading,
  PeriodSample,
  VersionPeriod,
} from '../../../../src/core/bake/observations.js';

export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
export const MIN = 60_000;

export function config(over: Partial<BakeConfig> = {}): BakeConfig {
  return {
    bakeTimeMs: 10 * MIN,
    maxBakeTimeMs: 10 * MIN,
    periodS: 60,
    minInvocations: 100,
    significance: 0.01,
    rules: [
      { name: 'error-rate', tolerance: 0 },
      { name: 'duration-p99', tolerance: 0.2 },
      { name: 'throttle-rate', tolerance: 0 },
    ],
    trafficDrop: 0.9,
    onInconclusive: 'extend',
    ...over,
  };
}

/** Version 5 judged against 4 on a split alias, deployed and baked from T0. */
export function subject(over: Partial<BakeConfig> = {}) {
  return {
    config: config(over),
    version: '5',
    previousVersion: '4',
    bakeStart: T0,
    deployStart: T0,
    baselineSource: 'concurrent' as const,
  };
}

export interface PeriodSpec {
  version?: Partial<VersionPeriod>;
  baseline?: Partial<VersionPeriod>;
  alias?: number;
}

const side = (s: Partial<VersionPeriod> | undefined, dflt: VersionPeriod): VersionPeriod => ({
  ...dflt,
  ...s,
});

/**
 * `before` periods end at T0 (the deployment); `bake` periods start at T0. Defaults: a
 * healthy 10% canary at 20 req/s (120 calls a minute on the version, 1080 on the baseline),
 * 1% of calls slower than the latency threshold (100 ms, the baseline's p99) on both.
 */
export function reading(
  bake: PeriodSpec[],
  before: PeriodSpec[] = Array(10).fill({}),
  partial = false,
): MetricsReading {
  const periods: PeriodSample[] = [];
  before.forEach((s, i) => {
    const baseline = side(s.baseline, {
      invocations: 1200,
      errors: 12,
      throttles: 0,
      p99: 100,
      slow: 12,
    });
    periods.push({
      start: T0 - (before.length - i) * MIN,
      version: side(s.version, { invocations: 0, errors: 0, throttles: 0, slow: 0 }),
      baseline,
      aliasInvocations: s.alias ?? baseline.invocations,
    });
  });
  bake.forEach((s, i) => {
    const version = side(s.version, {
      invocations: 120,
      errors: 1,
      throttles: 0,
      p99: 100,
      slow: 1,
    });
    const baseline = side(s.baseline, {
      invocations: 1080,
      errors: 11,
      throttles: 0,
      p99: 100,
      slow: 11,
    });
    periods.push({
      start: T0 + i * MIN,
      version,
      baseline,
      aliasInvocations: s.alias ?? version.invocations + baseline.invocations,
    });
  });
  // The latency threshold the adapter would set: the baseline's p99 before the deployment
  // (about 1% of its calls slower, as `slow` says above).
  const p99s = periods.filter((x) => x.start < T0 && x.baseline.p99 !== undefined);
  return {
    periods,
    partial,
    messages: [],
    ...(p99s.length ? { slowerThanMs: 100 } : {}),
  };
}

export function repeat(n: number, spec: PeriodSpec = {}): PeriodSpec[] {
  return Array(n).fill(spec);
}
