import { SimError } from './errors.js';

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/**
 * One published datum. Values are kept raw (with counts) rather than pre-aggregated, so
 * any period can be asked for later and percentiles such as p99 stay exact.
 */
export interface Datum {
  t: number;
  values: number[];
  counts: number[];
  /** A StatisticSet: contributes to every statistic except percentiles. */
  stats?: { n: number; sum: number; min: number; max: number };
  unit?: string;
}

export interface Series {
  timestamps: number[];
  values: number[];
}

/** CloudWatch matches dimension sets exactly, so the key is the full, sorted set. */
export function metricKey(id: MetricId): string {
  const dims = [...id.dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((d) => `${d.Name}=${d.Value}`)
    .join(',');
  return `${id.namespace}|${id.metricName}|${dims}`;
}

export class MetricsStore {
  /**
   * How long after its time a datum becomes visible to queries and alarms. AWS/Lambda data
   * for a minute often lands 1-3 minutes later; 0 (the default) shows it at once.
   */
  publicationLagMs = 0;
  /**
   * A CloudWatch incident: from `from` until `until` (epoch ms) nothing more is published,
   * so queries see what they saw at `from`; at `until` all that was held back lands at once.
   * On top of publicationLagMs. Undefined (the default): no outage.
   */
  outage: { from: number; until: number } | undefined = undefined;
  private series = new Map<string, { id: MetricId; data: Datum[] }>();
  private open = new Map<string, Datum>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  put(id: MetricId, datum: Datum): void {
    const key = metricKey(id);
    let s = this.series.get(key);
    if (!s) {
      s = { id: { ...id, dimensions: [...id.dimensions] }, data: [] };
      this.series.set(key, s);
    }
    s.data.push(datum);
  }

  /**
   * Adds one sample to the datum of its resolution bucket: the traffic generator's path,
   * which keeps memory flat at high rates while keeping raw Duration samples.
   */
  record(id: MetricId, t: number, value: number, resolutionS: number, unit?: string): void {
    const key = metricKey(id);
    let s = this.series.get(key);
    if (!s) {
      s = { id: { ...id, dimensions: [...id.dimensions] }, data: [] };
      this.series.set(key, s);
    }
    const bucket = Math.floor(t / (resolutionS * 1000)) * resolutionS * 1000;
    let d = this.open.get(key);
    if (!d || d.t !== bucket) {
      d = { t: bucket, values: [], counts: [], unit };
      this.open.set(key, d);
      s.data.push(d);
    }
    // Counters repeat few values (0 and 1): fold them; Durations stay raw for percentiles.
    const i = d.values.length <= 4 ? d.values.indexOf(value) : -1;
    if (i >= 0) d.counts[i]!++;
    else {
      d.values.push(value);
      d.counts.push(1);
    }
  }

  metrics(): MetricId[] {
    return [...this.series.values()].map((s) => s.id);
  }

  /** Ascending buckets aligned to the period from the epoch, for [start, end). */
  query(
    id: MetricId,
    start: number,
    end: number,
    periodS: number,
    stat: string,
    unit?: string,
  ): Series {
    const s = this.series.get(metricKey(id));
    const out: Series = { timestamps: [], values: [] };
    if (!s) return out;
    const periodMs = periodS * 1000;
    const buckets = new Map<number, Datum[]>();
    const published = this.publishedUntil();
    for (const d of s.data) {
      if (d.t < start || d.t >= end || d.t > published) continue;
      if (unit && d.unit && d.unit !== unit) continue;
      const b = Math.floor(d.t / periodMs) * periodMs;
      if (b < start) continue;
      let list = buckets.get(b);
      if (!list) buckets.set(b, (list = []));
      list.push(d);
    }
    for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
      const v = aggregate(buckets.get(b)!, stat);
      if (v === undefined) continue;
      out.timestamps.push(b);
      out.values.push(v);
    }
    return out;
  }

  /** The time up to which data is visible now: lagged, and frozen during an outage. */
  private publishedUntil(): number {
    const now = this.now();
    const o = this.outage;
    const frozen = o !== undefined && now >= o.from && now < o.until;
    if (!frozen && this.publicationLagMs <= 0) return Infinity;
    return (frozen ? o.from : now) - this.publicationLagMs;
  }
}

const BASIC = new Set(['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum']);

export function validateStat(stat: string): void {
  if (BASIC.has(stat) || /^p\d{1,2}(\.\d+)?$|^p100$/.test(stat)) return;
  // Trimmed count and percentile rank with at least one bound: TC(300:), PR(:300), TC(1:2).
  if (/^(TC|PR)\((\d+(\.\d+)?:(\d+(\.\d+)?)?|:\d+(\.\d+)?)\)$/.test(stat)) return;
  throw new SimError('InvalidParameterValue', 400, `The statistic ${stat} is not supported.`);
}

export function aggregate(data: Datum[], stat: string): number | undefined {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const d of data) {
    if (d.stats) {
      n += d.stats.n;
      sum += d.stats.sum;
      min = Math.min(min, d.stats.min);
      max = Math.max(max, d.stats.max);
      continue;
    }
    d.values.forEach((v, i) => {
      const c = d.counts[i] ?? 1;
      if (c <= 0) return;
      n += c;
      sum += v * c;
      min = Math.min(min, v);
      max = Math.max(max, v);
    });
  }
  if (n === 0) return undefined;
  switch (stat) {
    case 'SampleCount':
      return n;
    case 'Sum':
      return sum;
    case 'Average':
      return sum / n;
    case 'Minimum':
      return min;
    case 'Maximum':
      return max;
  }
  const tc = /^(TC|PR)\((\d+(?:\.\d+)?)?:(\d+(?:\.\d+)?)?\)$/.exec(stat);
  if (tc) return trimmed(data, tc[1] as 'TC' | 'PR', tc[2], tc[3]);
  const m = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (!m) return undefined;
  return percentile(data, Number(m[1]));
}

/**
 * TC(a:b), the trimmed count: raw samples in (a, b], lower bound exclusive, upper inclusive
 * (either may be left out). PR(a:b) is the same as a percentage of all samples: PR(:x) is
 * the percentile rank of x. Over raw samples only, like the percentiles.
 */
function trimmed(
  data: Datum[],
  kind: 'TC' | 'PR',
  low: string | undefined,
  high: string | undefined,
): number | undefined {
  const lo = low === undefined ? -Infinity : Number(low);
  const hi = high === undefined ? Infinity : Number(high);
  let total = 0;
  let inRange = 0;
  for (const d of data) {
    if (d.stats) continue;
    d.values.forEach((v, i) => {
      const c = d.counts[i] ?? 1;
      if (c <= 0) return;
      total += c;
      if (v > lo && v <= hi) inRange += c;
    });
  }
  if (total === 0) return undefined;
  return kind === 'TC' ? inRange : (100 * inRange) / total;
}

/** Nearest-rank percentile over raw samples (StatisticSets carry none). */
function percentile(data: Datum[], p: number): number | undefined {
  const pairs: [number, number][] = [];
  let total = 0;
  for (const d of data) {
    if (d.stats) continue;
    d.values.forEach((v, i) => {
      const c = d.counts[i] ?? 1;
      if (c > 0) {
        pairs.push([v, c]);
        total += c;
      }
    });
  }
  if (total === 0) return undefined;
  pairs.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of pairs) {
    seen += c;
    if (seen >= rank) return v;
  }
  return pairs[pairs.length - 1]![0];
}
