// What the judgement reads: complete metric periods, aligned to period boundaries, per
// version and for the whole alias. Built from raw metric series by pure code, so the
// adapter stays a thin GetMetricData call and the bench can feed simulated counts.

export interface VersionPeriod {
  invocations: number;
  errors: number;
  throttles: number;
  /** p99 Duration, ms; undefined when the version served nothing in the period. */
  p99?: number;
  /**
   * Calls slower than the reading's latency threshold (slowerThanMs): CloudWatch's trimmed
   * count TC(x:) of Duration. Undefined when it was not asked (duration-p99 off, or no
   * threshold could be set).
   */
  slow?: number;
}

export interface PeriodSample {
  /** Period start, epoch ms. */
  start: number;
  /** The version under judgement (the `version` input). */
  version: VersionPeriod;
  /** The baseline version (the `previous-version` input). */
  baseline: VersionPeriod;
  /** Every call through the alias, whatever version served it. */
  aliasInvocations: number;
}

export interface MetricsReading {
  /**
   * Published periods, ascending: one per period from the window's start to the newest
   * period any series has a datapoint for. Later periods are not here: CloudWatch has not
   * published them yet, and what is not published is unknown, not zero.
   */
  periods: PeriodSample[];
  /** GetMetricData said PartialData, or sent Messages: reported, never hidden. */
  partial: boolean;
  messages: string[];
  /**
   * The latency threshold the `slow` counts were read at, ms: the baseline's p99
   * (latencyThreshold). Undefined when none could be set.
   */
  slowerThanMs?: number;
  /**
   * Set when the threshold came from a period of the bake (nothing before the deployment
   * had enough calls): the end of that period, epoch ms. The latency test judges only later
   * periods. Absent: it came from before the deployment, every bake period is judged.
   */
  slowerThanSetUntil?: number;
  /**
   * The latency threshold for the reads to come: the one this read was asked at, or, when
   * it was asked at none, the one its data sets (latencyThreshold). The loop passes it on in
   * the next Window, so the slow counts ride in the same GetMetricData call as the rest.
   */
  latencyThreshold?: LatencyThreshold;
}

export interface Window {
  start: number;
  end: number;
  /**
   * End of the periods before the deployment (and before the bake): what the latency
   * threshold is set from. Undefined: no latency threshold is read.
   */
  beforeEnd?: number;
  /** The latency threshold to count slow calls at, set by an earlier read. */
  latencyThreshold?: LatencyThreshold;
}

export function alignDown(t: number, periodS: number): number {
  const p = periodS * 1000;
  return Math.floor(t / p) * p;
}

/**
 * End of the newest published period (epoch ms), undefined when nothing at all was
 * published in the window: the frontier lateness is measured from.
 */
export function publishedUntil(reading: MetricsReading, periodS: number): number | undefined {
  const last = reading.periods[reading.periods.length - 1];
  return last ? last.start + periodS * 1000 : undefined;
}

/** Length of the window before the deployment that gives the alias's usual traffic (and the baseline's history). */
export function beforeMs(periodS: number, maxBakeTimeMs: number): number {
  return Math.max(maxBakeTimeMs, 10 * periodS * 1000);
}

/**
 * The query window of a poll: from before the deployment to the end of the last complete
 * period. The in-progress period is dropped: it is still filling and would look like a
 * drop in traffic.
 */
export function pollWindow(args: {
  now: number;
  bakeStart: number;
  deployStart: number;
  periodS: number;
  maxBakeTimeMs: number;
}): Window {
  const start = alignDown(
    Math.min(args.deployStart - beforeMs(args.periodS, args.maxBakeTimeMs), args.bakeStart),
    args.periodS,
  );
  const beforeEnd = Math.min(args.deployStart, alignDown(args.bakeStart, args.periodS));
  return { start, end: alignDown(args.now, args.periodS), beforeEnd };
}

export interface LatencyThreshold {
  ms: number;
  /** Set from a bake period ending at this epoch ms; absent when from before the deployment. */
  setUntil?: number;
}

/**
 * The latency threshold of the duration-p99 test, rounded to 0.01 ms (it is written into a
 * CloudWatch statistic, TC(x:)): the median of the baseline's per-period p99 over the
 * periods before the deployment with `minSamples` calls or more, about 1% of its calls
 * slower. Without such a period (a function with no traffic before, as on a fresh
 * simulator) it is the baseline's p99 in the first later period with that many calls, and
 * that period is then left out of the test (setUntil). Either way it comes from data the
 * test does not judge, so it is a constant to the test, which keeps the test exact
 * (checks.ts). Undefined when no period qualifies yet.
 */
export function latencyThreshold(
  periods: readonly PeriodSample[],
  beforeEnd: number,
  periodS: number,
  minSamples: number,
): LatencyThreshold | undefined {
  const p = periodS * 1000;
  const usable = periods.filter(
    (x) => x.baseline.p99 !== undefined && x.baseline.invocations >= minSamples,
  );
  const p99s = usable
    .filter((x) => x.start + p <= beforeEnd)
    .map((x) => x.baseline.p99!)
    .sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  if (p99s.length > 0) {
    const m = Math.floor(p99s.length / 2);
    return { ms: round(p99s.length % 2 ? p99s[m] : (p99s[m - 1] + p99s[m]) / 2) };
  }
  const first = usable.find((x) => x.start >= beforeEnd);
  return first ? { ms: round(first.baseline.p99!), setUntil: first.start + p } : undefined;
}

export interface Series {
  timestamps: number[];
  values: number[];
}

interface RawVersion {
  invocations: Series;
  errors: Series;
  throttles: Series;
  p99: Series;
  /** Calls slower than the latency threshold; absent when not asked. */
  slow?: Series;
}

export interface RawSeries {
  version: RawVersion;
  baseline: RawVersion;
  aliasInvocations: Series;
}

/**
 * Puts series on the period grid of `window`, up to the newest period any series has a
 * datapoint for. Lambda publishes nothing for a period without calls, so an empty period is
 * "no calls" only once CloudWatch has published a later one (for the alias or either
 * version): it publishes the dimension sets of a minute together, in order. Past that
 * frontier a missing count is unknown, so those periods are left out rather than read as 0
 * (metrics often land 1-3 minutes late, and a zero there would look like a dead canary). A
 * missing p99 is unknown everywhere.
 */
export function toPeriods(raw: RawSeries, window: Window, periodS: number): PeriodSample[] {
  const p = periodS * 1000;
  let newest = -Infinity;
  for (const r of [raw.version, raw.baseline])
    for (const s of [r.invocations, r.errors, r.throttles, r.p99, raw.aliasInvocations])
      for (const t of s.timestamps)
        if (t >= window.start && t < window.end && t > newest) newest = t;

  const at = (s: Series): Map<number, number> => {
    const m = new Map<number, number>();
    s.timestamps.forEach((t, i) =>
      m.set(alignDown(t, periodS), (m.get(alignDown(t, periodS)) ?? 0) + s.values[i]),
    );
    return m;
  };
  const side = (r: RawSeries['version']) => ({
    invocations: at(r.invocations),
    errors: at(r.errors),
    throttles: at(r.throttles),
    p99: new Map(r.p99.timestamps.map((t, i) => [alignDown(t, periodS), r.p99.values[i]])),
    slow: r.slow ? at(r.slow) : undefined,
  });
  const v = side(raw.version);
  const b = side(raw.baseline);
  const alias = at(raw.aliasInvocations);
  const pick = (s: ReturnType<typeof side>, t: number): VersionPeriod => {
    const invocations = s.invocations.get(t) ?? 0;
    const p99 = s.p99.get(t);
    return {
      invocations,
      errors: s.errors.get(t) ?? 0,
      throttles: s.throttles.get(t) ?? 0,
      ...(p99 !== undefined && invocations > 0 ? { p99 } : {}),
      // Like the other counts: a published period with no slow call has no datapoint.
      ...(s.slow ? { slow: s.slow.get(t) ?? 0 } : {}),
    };
  };
  const out: PeriodSample[] = [];
  for (let t = alignDown(window.start, periodS); t + p <= window.end && t <= newest; t += p) {
    out.push({
      start: t,
      version: pick(v, t),
      baseline: pick(b, t),
      aliasInvocations: alias.get(t) ?? 0,
    });
  }
  return out;
}

export function sumPeriods(periods: PeriodSample[], side: 'version' | 'baseline'): VersionPeriod {
  return periods.reduce(
    (acc, p) => ({
      invocations: acc.invocations + p[side].invocations,
      errors: acc.errors + p[side].errors,
      throttles: acc.throttles + p[side].throttles,
      slow: acc.slow + (p[side].slow ?? 0),
    }),
    { invocations: 0, errors: 0, throttles: 0, slow: 0 },
  );
}
