import { SimError } from './errors.js';
import { runQueries, type MetricDataQuery } from './metric-query.js';
import type { Dimension, MetricsStore } from './metrics-store.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The fields of a metric alarm that evaluation reads (PutMetricAlarm's shape). */
export interface MetricAlarmSpec {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Unit?: string;
  Period?: number;
  Metrics?: MetricDataQuery[];
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
}

export interface Verdict {
  state: AlarmState;
  reason: string;
  reasonData: string;
}

const COMPARE: Record<string, (v: number, t: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

export function alarmPeriod(a: MetricAlarmSpec): number {
  return (
    a.Period ??
    a.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Period ??
    a.Metrics?.[0]?.Period ??
    60
  );
}

export function validateComparison(op: string): void {
  if (!COMPARE[op])
    throw new SimError('InvalidParameterValue', 400, `Unsupported ComparisonOperator: ${op}`);
}

/**
 * M out of N over the last N complete periods (the one still filling is left out, as
 * AWS does). Missing periods follow TreatMissingData; with no data at all and the default
 * `missing`, the alarm sits in INSUFFICIENT_DATA: no data is not OK.
 */
export function evaluateMetricAlarm(
  a: MetricAlarmSpec,
  store: MetricsStore,
  now: number,
  current: AlarmState,
): Verdict {
  const periodMs = alarmPeriod(a) * 1000;
  const n = a.EvaluationPeriods;
  const m = a.DatapointsToAlarm ?? n;
  const end = Math.floor(now / periodMs) * periodMs;
  const start = end - n * periodMs;
  const series = alarmSeries(a, store, start, end);
  const byBucket = new Map(series.timestamps.map((t, i) => [t, series.values[i]!]));
  const compare = COMPARE[a.ComparisonOperator]!;
  const threshold = a.Threshold ?? 0;
  const treat = a.TreatMissingData ?? 'missing';

  let breaching = 0;
  let present = 0;
  const recent: number[] = [];
  for (let t = end - periodMs; t >= start; t -= periodMs) {
    const v = byBucket.get(t);
    if (v === undefined) {
      if (treat === 'breaching') breaching++;
      if (treat === 'breaching' || treat === 'notBreaching') present++;
      continue;
    }
    present++;
    recent.push(v);
    if (compare(v, threshold)) breaching++;
  }
  const data = JSON.stringify({
    version: '1.0',
    queryDate: new Date(now).toISOString(),
    startDate: new Date(start).toISOString(),
    period: periodMs / 1000,
    recentDatapoints: recent,
    threshold,
    evaluatedDatapoints: recent.length,
  });
  if (present === 0) {
    if (treat === 'ignore')
      return { state: current, reason: 'No datapoints: state kept (ignore)', reasonData: data };
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `Insufficient Data: ${n} datapoints were unknown.`,
      reasonData: data,
    };
  }
  const verb = breaching >= m ? 'was' : 'was not';
  const reason = `Threshold Crossed: ${breaching} out of the last ${n} datapoints ${verb} ${a.ComparisonOperator} ${threshold} (minimum ${m} to alarm).`;
  return { state: breaching >= m ? 'ALARM' : 'OK', reason, reasonData: data };
}

function alarmSeries(a: MetricAlarmSpec, store: MetricsStore, start: number, end: number) {
  if (a.Metrics?.length) {
    const results = runQueries(store, a.Metrics, start, end);
    return (results.find((r) => r.returnData) ?? results[0]!).series;
  }
  const stat = a.ExtendedStatistic ?? a.Statistic ?? 'Average';
  return store.query(
    {
      namespace: a.Namespace ?? '',
      metricName: a.MetricName ?? '',
      dimensions: a.Dimensions ?? [],
    },
    start,
    end,
    alarmPeriod(a),
    stat,
    a.Unit,
  );
}

// ---- composite alarm rules: ALARM(x) / OK(x) / INSUFFICIENT_DATA(x), AND, OR, NOT, TRUE, FALSE

export type Rule =
  | { kind: 'state'; state: AlarmState; alarm: string }
  | { kind: 'const'; value: boolean }
  | { kind: 'not'; rule: Rule }
  | { kind: 'and' | 'or'; left: Rule; right: Rule };

export function parseRule(src: string): Rule {
  const re =
    /\s*(ALARM|OK|INSUFFICIENT_DATA|AND|OR|NOT|TRUE|FALSE|\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;
  const toks: string[] = [];
  let pos = 0;
  while (pos < src.length && !/^\s*$/.test(src.slice(pos))) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw bad(src);
    toks.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const unary = (): Rule => {
    const t = toks[i++];
    if (t === 'NOT') return { kind: 'not', rule: unary() };
    if (t === 'TRUE' || t === 'FALSE') return { kind: 'const', value: t === 'TRUE' };
    if (t === '(') {
      const r = or();
      if (toks[i++] !== ')') throw bad(src);
      return r;
    }
    if (t === 'ALARM' || t === 'OK' || t === 'INSUFFICIENT_DATA') {
      if (toks[i++] !== '(') throw bad(src);
      let name = toks[i++];
      if (!name || name === ')') throw bad(src);
      if (name.startsWith('"')) name = JSON.parse(name) as string;
      if (toks[i++] !== ')') throw bad(src);
      return {
        kind: 'state',
        state: t,
        alarm: name.replace(/^arn:aws:cloudwatch:[^:]*:\d*:alarm:/, ''),
      };
    }
    throw bad(src);
  };
  const and = (): Rule => {
    let l = unary();
    while (toks[i] === 'AND') {
      i++;
      l = { kind: 'and', left: l, right: unary() };
    }
    return l;
  };
  const or = (): Rule => {
    let l = and();
    while (toks[i] === 'OR') {
      i++;
      l = { kind: 'or', left: l, right: and() };
    }
    return l;
  };
  const rule = or();
  if (i !== toks.length) throw bad(src);
  return rule;
}

function bad(src: string): SimError {
  return new SimError('InvalidParameterValue', 400, `Invalid AlarmRule: ${src}`);
}

export function ruleAlarms(r: Rule): string[] {
  if (r.kind === 'state') return [r.alarm];
  if (r.kind === 'not') return ruleAlarms(r.rule);
  if (r.kind === 'and' || r.kind === 'or') return [...ruleAlarms(r.left), ...ruleAlarms(r.right)];
  return [];
}

export function evalRule(r: Rule, stateOf: (name: string) => AlarmState | undefined): boolean {
  switch (r.kind) {
    case 'state':
      return stateOf(r.alarm) === r.state;
    case 'const':
      return r.value;
    case 'not':
      return !evalRule(r.rule, stateOf);
    case 'and':
      return evalRule(r.left, stateOf) && evalRule(r.right, stateOf);
    case 'or':
      return evalRule(r.left, stateOf) || evalRule(r.right, stateOf);
  }
}
