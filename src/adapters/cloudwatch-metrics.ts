// Reads the bake's evidence in one GetMetricData call: Invocations for the new and the
// baseline version through the ExecutedVersion dimension set (the only way to see each
// version of a weighted alias apart), Errors, Throttles and p99 Duration for the two
// versions when a check in `metrics` uses them (GetMetricData is billed per metric asked
// for), and Invocations of the whole alias for the traffic-collapse check. With
// duration-p99 on, the call also asks each version's count of calls slower than the
// baseline's p99, TC(x:), once an earlier read has set x (the Window carries it): x comes
// from data, and one call per period is the budget (core/bake/checks.ts says why the test
// counts calls).
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  latencyThreshold,
  type MetricsReading,
  type RawSeries,
  type Series,
  toPeriods,
  type Window,
} from '../core/bake/observations.js';
import { LATENCY_MIN_SAMPLES } from '../core/bake/judge-constants.js';
import { QUERIES_PER_POLL, type VersionSeries } from '../core/bake/metric-limits.js';
import { withPermission } from '../core/retry.js';

/** The IAM action a poll needs, named when it is denied. */
export const GET_METRIC_DATA = 'cloudwatch:GetMetricData';

/** GetMetricData limits (per call). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

export interface MetricsTarget {
  functionName: string;
  alias: string;
  version: string;
  previousVersion: string;
  periodS: number;
  /** The per-version series the enabled checks need; undefined: all of them. */
  series?: readonly VersionSeries[];
}

type Side = 'v' | 'b';
const VERSION_METRICS = [
  ['inv', 'Invocations', 'Sum', undefined],
  ['err', 'Errors', 'Sum', 'errors'],
  ['thr', 'Throttles', 'Sum', 'throttles'],
  ['p99', 'Duration', 'p99', 'p99'],
] as const;

export function bakeQueries(t: MetricsTarget): MetricDataQuery[] {
  const fn = { Name: 'FunctionName', Value: t.functionName };
  const resource = { Name: 'Resource', Value: `${t.functionName}:${t.alias}` };
  const queries: MetricDataQuery[] = [];
  for (const [side, version] of [
    ['v', t.version],
    ['b', t.previousVersion],
  ] as [Side, string][]) {
    for (const [id, name, stat, series] of VERSION_METRICS) {
      if (series && t.series && !t.series.includes(series)) continue;
      queries.push({
        Id: `${side}_${id}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: name,
            Dimensions: [fn, resource, { Name: 'ExecutedVersion', Value: version }],
          },
          Period: t.periodS,
          Stat: stat,
        },
        ReturnData: true,
      });
    }
  }
  queries.push({
    Id: 'a_inv',
    MetricStat: {
      Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [fn, resource] },
      Period: t.periodS,
      Stat: 'Sum',
    },
    ReturnData: true,
  });
  return queries;
}

/** Each version's calls slower than `thresholdMs` (TC, lower bound exclusive). */
export function slowQueries(t: MetricsTarget, thresholdMs: number): MetricDataQuery[] {
  const fn = { Name: 'FunctionName', Value: t.functionName };
  const resource = { Name: 'Resource', Value: `${t.functionName}:${t.alias}` };
  return (
    [
      ['v', t.version],
      ['b', t.previousVersion],
    ] as [Side, string][]
  ).map(([side, version]) => ({
    Id: `${side}_slow`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: [fn, resource, { Name: 'ExecutedVersion', Value: version }],
      },
      Period: t.periodS,
      Stat: `TC(${thresholdMs}:)`,
    },
    ReturnData: true,
  }));
}

/** Datapoints one poll can return at most; must stay under the per-call limit. */
export function datapointsPerPoll(window: Window, periodS: number): number {
  return QUERIES_PER_POLL * Math.ceil((window.end - window.start) / (periodS * 1000));
}

export async function readBakeMetrics(
  client: CloudWatchClient,
  target: MetricsTarget,
  window: Window,
  signal?: AbortSignal,
): Promise<MetricsReading> {
  try {
    return await read(client, target, window, signal);
  } catch (error) {
    throw withPermission(error, GET_METRIC_DATA);
  }
}

async function read(
  client: CloudWatchClient,
  target: MetricsTarget,
  window: Window,
  signal?: AbortSignal,
): Promise<MetricsReading> {
  const out: Fetched = { series: new Map(), partial: false, messages: [] };
  if (window.end <= window.start) return { periods: [], partial: false, messages: [] };
  const wantsLatency = !target.series || target.series.includes('p99');
  const asked = wantsLatency ? window.latencyThreshold : undefined;
  const queries = [...bakeQueries(target), ...(asked ? slowQueries(target, asked.ms) : [])];
  await fetch(client, queries, window, signal, out);
  const raw = rawSeries(out.series, asked !== undefined);
  const periods = toPeriods(raw, window, target.periodS);
  // The first read that can set a threshold sets it; later reads keep it (and count at it).
  const threshold =
    asked ??
    (wantsLatency && window.beforeEnd !== undefined
      ? latencyThreshold(periods, window.beforeEnd, target.periodS, LATENCY_MIN_SAMPLES)
      : undefined);
  return {
    periods,
    partial: out.partial,
    messages: out.messages,
    ...(asked ? { slowerThanMs: asked.ms } : {}),
    ...(asked?.setUntil !== undefined ? { slowerThanSetUntil: asked.setUntil } : {}),
    ...(threshold ? { latencyThreshold: threshold } : {}),
  };
}

interface Fetched {
  series: Map<string, Series>;
  partial: boolean;
  messages: string[];
}

/** One GetMetricData call, every page, into `out`. */
async function fetch(
  client: CloudWatchClient,
  queries: MetricDataQuery[],
  window: Window,
  signal: AbortSignal | undefined,
  out: Fetched,
): Promise<void> {
  for (const q of queries) out.series.set(q.Id!, { timestamps: [], values: [] });
  let nextToken: string | undefined;
  do {
    const res = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
      { abortSignal: signal },
    );
    for (const m of res.Messages ?? [])
      out.messages.push(`${m.Code ?? ''}${m.Code ? ': ' : ''}${m.Value ?? ''}`);
    for (const r of res.MetricDataResults ?? []) {
      const s = out.series.get(r.Id ?? '');
      if (!s) continue;
      if (r.StatusCode === 'PartialData') out.partial = true;
      for (const m of r.Messages ?? [])
        out.messages.push(`${r.Id}: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      (r.Timestamps ?? []).forEach((t, i) => {
        s.timestamps.push(t.getTime());
        s.values.push(r.Values?.[i] ?? 0);
      });
    }
    nextToken = res.NextToken;
  } while (nextToken);
}

// A series not asked for reads as empty: its check is off, and nothing judges it.
function get(series: Map<string, Series>, id: string): Series {
  return series.get(id) ?? { timestamps: [], values: [] };
}

function rawSeries(series: Map<string, Series>, slow: boolean): RawSeries {
  const side = (p: Side) => ({
    invocations: get(series, `${p}_inv`),
    errors: get(series, `${p}_err`),
    throttles: get(series, `${p}_thr`),
    p99: get(series, `${p}_p99`),
    ...(slow ? { slow: get(series, `${p}_slow`) } : {}),
  });
  return { version: side('v'), baseline: side('b'), aliasInvocations: get(series, 'a_inv') };
}
