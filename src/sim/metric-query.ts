import { SimError } from './errors.js';
import { evaluateExpression, referencedIds, type MathValue } from './metric-math.js';
import { validateStat, type Dimension, type MetricsStore, type Series } from './metrics-store.js';

export const MAX_QUERIES = 500;
/** High-resolution periods; anything else must be a multiple of 60. */
const HIGH_RES_PERIODS = new Set([1, 5, 10, 20, 30]);

export interface MetricStat {
  Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] };
  Period: number;
  Stat: string;
  Unit?: string;
}

export interface MetricDataQuery {
  Id: string;
  MetricStat?: MetricStat;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
}

export interface QueryResult {
  id: string;
  label: string;
  series: Series;
  returnData: boolean;
}

export function validatePeriod(period: unknown, field = 'Period'): number {
  const p = Number(period);
  if (!Number.isInteger(p) || p <= 0 || (!HIGH_RES_PERIODS.has(p) && p % 60 !== 0)) {
    throw new SimError(
      'InvalidParameterValue',
      400,
      `The parameter ${field} must be 1, 5, 10, 20, 30, or a multiple of 60 (got ${String(period)}).`,
    );
  }
  return p;
}

/** Runs metric and expression queries over [start, end); expressions may read other ids. */
export function runQueries(
  store: MetricsStore,
  queries: MetricDataQuery[],
  start: number,
  end: number,
): QueryResult[] {
  if (queries.length === 0 || queries.length > MAX_QUERIES) {
    throw new SimError(
      'InvalidParameterValue',
      400,
      `Between 1 and ${MAX_QUERIES} MetricDataQueries are allowed.`,
    );
  }
  if (!(end > start))
    throw new SimError(
      'InvalidParameterValue',
      400,
      'The parameter StartTime must be less than EndTime.',
    );
  const byId = new Map<string, MetricDataQuery>();
  for (const q of queries) {
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? '')) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        `Invalid metric data query Id: ${q.Id}. It must start with a lowercase letter.`,
      );
    }
    if (byId.has(q.Id))
      throw new SimError('InvalidParameterValue', 400, `Duplicate metric data query Id: ${q.Id}`);
    if (!q.MetricStat === !q.Expression) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        `Query ${q.Id} needs exactly one of MetricStat and Expression.`,
      );
    }
    if (q.MetricStat) {
      validatePeriod(q.MetricStat.Period, `MetricStat.Period of ${q.Id}`);
      validateStat(q.MetricStat.Stat);
    }
    byId.set(q.Id, q);
  }
  const defaultPeriod =
    queries.find((q) => q.MetricStat)?.MetricStat?.Period ??
    (queries[0]!.Period ? validatePeriod(queries[0]!.Period) : 60);

  const done = new Map<string, MathValue>();
  const visiting = new Set<string>();
  const resolve = (id: string): MathValue => {
    const cached = done.get(id);
    if (cached !== undefined) return cached;
    const q = byId.get(id);
    if (!q)
      throw new SimError(
        'InvalidParameterValue',
        400,
        `Unknown metric data query Id in expression: ${id}`,
      );
    if (visiting.has(id))
      throw new SimError('InvalidParameterValue', 400, `Circular reference in expression ${id}`);
    visiting.add(id);
    let value: MathValue;
    if (q.MetricStat) {
      const m = q.MetricStat.Metric;
      value = store.query(
        { namespace: m.Namespace, metricName: m.MetricName, dimensions: m.Dimensions ?? [] },
        start,
        end,
        q.MetricStat.Period,
        q.MetricStat.Stat,
        q.MetricStat.Unit,
      );
    } else {
      referencedIds(q.Expression!).forEach((r) => byId.has(r) || resolve(r));
      const period = q.Period ? validatePeriod(q.Period) : defaultPeriod;
      value = evaluateExpression(q.Expression!, resolve, grid(start, end, period));
    }
    visiting.delete(id);
    done.set(id, value);
    return value;
  };

  return queries.map((q) => {
    const v = resolve(q.Id);
    const series: Series =
      typeof v === 'number'
        ? { timestamps: grid(start, end, q.Period ?? defaultPeriod), values: [] }
        : v;
    if (typeof v === 'number') series.values = series.timestamps.map(() => v);
    return {
      id: q.Id,
      label: q.Label ?? (q.MetricStat ? q.MetricStat.Metric.MetricName : q.Id),
      series,
      returnData: q.ReturnData !== false,
    };
  });
}

function grid(start: number, end: number, periodS: number): number[] {
  const p = periodS * 1000;
  const out: number[] = [];
  for (let t = Math.ceil(start / p) * p; t < end; t += p) out.push(t);
  return out;
}
