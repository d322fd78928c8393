// Reads the bake's evidence in one GetMetricData call: Invocations for the new and the
// baseline version through the ExecutedVersion dimension set (the only way to see each
// version of a weighted alias apart), Errors, Throttles and p99 Duration for the two
// versions when a check in `metrics` uses them (GetMetricData is billed per metric asked
// for), and Invocations of the whole alias for the traffic-collapse check.
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  type MetricsReading,
  type RawSeries,
  type Series,
  toPeriods,
  type Window,
} from '../core/bake/observations.js';
import type { VersionSeries } from '../core/bake/config.js';
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

/** Datapoints one poll can return at most; must stay under the per-call limit. */
export function datapointsPerPoll(window: Window, periodS: number): number {
  return 9 * Math.ceil((window.end - window.start) / (periodS * 1000));
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
  const queries = bakeQueries(target);
  const series = new Map<string, Series>(
    queries.map((q) => [q.Id!, { timestamps: [], values: [] }]),
  );
  const messages: string[] = [];
  let partial = false;
  if (window.end <= window.start) return { periods: [], partial, messages };
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
      { abortSignal: signal },
    );
    for (const m of out.Messages ?? [])
      messages.push(`${m.Code ?? ''}${m.Code ? ': ' : ''}${m.Value ?? ''}`);
    for (const r of out.MetricDataResults ?? []) {
      const s = series.get(r.Id ?? '');
      if (!s) continue;
      if (r.StatusCode === 'PartialData') partial = true;
      for (const m of r.Messages ?? [])
        messages.push(`${r.Id}: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      (r.Timestamps ?? []).forEach((t, i) => {
        s.timestamps.push(t.getTime());
        s.values.push(r.Values?.[i] ?? 0);
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  // A series not asked for reads as empty: its check is off, and nothing judges it.
  const get = (id: string): Series => series.get(id) ?? { timestamps: [], values: [] };
  const side = (p: Side) => ({
    invocations: get(`${p}_inv`),
    errors: get(`${p}_err`),
    throttles: get(`${p}_thr`),
    p99: get(`${p}_p99`),
  });
  const raw: RawSeries = {
    version: side('v'),
    baseline: side('b'),
    aliasInvocations: get('a_inv'),
  };
  return { periods: toPeriods(raw, window, target.periodS), partial, messages };
}
