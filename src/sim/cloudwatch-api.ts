import { Alarms, MAX_ALARM_NAMES, type AlarmRecord } from './cloudwatch-alarms.js';
import { SimError } from './errors.js';
import { runQueries, type MetricDataQuery } from './metric-query.js';
import type { Datum, Dimension, MetricsStore } from './metrics-store.js';

type Params = Record<string, unknown>;

/** Most datapoints one GetMetricData page returns across all results (AWS: 100,800). */
export const MAX_DATAPOINTS = 100_800;

export class CloudWatchApi {
  readonly alarms: Alarms;
  /** Tests lower this to exercise GetMetricData paging without 100,800 points. */
  metricDataPageSize = MAX_DATAPOINTS;

  constructor(
    readonly store: MetricsStore,
    private now: () => number,
    region: string,
  ) {
    this.alarms = new Alarms(store, now, region);
  }

  handle(operation: string, p: Params): Params {
    switch (operation) {
      case 'PutMetricAlarm':
        this.alarms.putMetricAlarm(p);
        return {};
      case 'PutCompositeAlarm':
        this.alarms.putCompositeAlarm(p);
        return {};
      case 'SetAlarmState':
        this.alarms.setAlarmState(p);
        return {};
      case 'DescribeAlarms':
        return this.describeAlarms(p);
      case 'DescribeAlarmHistory':
        return this.describeAlarmHistory(p);
      case 'DeleteAlarms':
        for (const n of (p.AlarmNames as string[]) ?? []) this.alarms.alarms.delete(n);
        return {};
      case 'PutMetricData':
        this.putMetricData(p);
        return {};
      case 'GetMetricData':
        return this.getMetricData(p);
      default:
        throw new SimError(
          'InvalidAction',
          400,
          `The simulator does not implement CloudWatch ${operation}.`,
        );
    }
  }

  private describeAlarms(p: Params): Params {
    const names = p.AlarmNames as string[] | undefined;
    const prefix = p.AlarmNamePrefix as string | undefined;
    if (names && names.length > MAX_ALARM_NAMES) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        `AlarmNames may hold at most ${MAX_ALARM_NAMES} names.`,
      );
    }
    if (names?.length && prefix !== undefined) {
      throw new SimError(
        'InvalidParameterCombination',
        400,
        'AlarmNamePrefix and AlarmNames cannot be combined.',
      );
    }
    const max = (p.MaxRecords as number | undefined) ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      throw new SimError('InvalidParameterValue', 400, 'MaxRecords must be between 1 and 100.');
    }
    // Without AlarmTypes AWS returns metric alarms only: composites must be asked for.
    const types = (p.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
    const state = p.StateValue as string | undefined;
    const wanted = names?.length ? new Set(names) : undefined;
    const all = [...this.alarms.alarms.values()]
      .filter((a) => types.includes(a.type))
      .filter((a) => !wanted || wanted.has(a.name))
      .filter((a) => prefix === undefined || a.name.startsWith(prefix))
      .filter((a) => !state || a.state === state)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const { page, next } = paginate(all, p.NextToken, max);
    const wire = (type: AlarmRecord['type']) =>
      page.filter((a) => a.type === type).map((a) => this.alarms.toWire(a));
    return {
      MetricAlarms: wire('MetricAlarm'),
      CompositeAlarms: wire('CompositeAlarm'),
      ...(next ? { NextToken: next } : {}),
    };
  }

  private describeAlarmHistory(p: Params): Params {
    const types = (p.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
    const start = p.StartDate !== undefined ? Number(p.StartDate) * 1000 : -Infinity;
    const end = p.EndDate !== undefined ? Number(p.EndDate) * 1000 : Infinity;
    const items = this.alarms.history
      .filter((h) => !p.AlarmName || h.AlarmName === p.AlarmName)
      .filter((h) => types.includes(h.AlarmType))
      .filter((h) => !p.HistoryItemType || h.HistoryItemType === p.HistoryItemType)
      .filter((h) => h.Timestamp >= start && h.Timestamp < end);
    if (p.ScanBy !== 'TimestampAscending') items.reverse();
    const { page, next } = paginate(
      items,
      p.NextToken,
      (p.MaxRecords as number | undefined) ?? 100,
    );
    return {
      AlarmHistoryItems: page.map((h) => ({
        AlarmName: h.AlarmName,
        AlarmType: h.AlarmType,
        Timestamp: h.Timestamp / 1000,
        HistoryItemType: h.HistoryItemType,
        HistorySummary: h.HistorySummary,
        HistoryData: h.HistoryData,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  private putMetricData(p: Params): void {
    const namespace = p.Namespace as string;
    if (!namespace) throw new SimError('MissingParameter', 400, 'Namespace is required.');
    if (namespace.startsWith('AWS/')) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        'The value AWS/ for parameter Namespace is invalid.',
      );
    }
    for (const d of (p.MetricData as Params[]) ?? []) {
      const t = d.Timestamp !== undefined ? Number(d.Timestamp) * 1000 : this.now();
      const datum: Datum = { t, values: [], counts: [], unit: d.Unit as string | undefined };
      if (d.StatisticValues) {
        const s = d.StatisticValues as Record<string, number>;
        datum.stats = { n: s.SampleCount!, sum: s.Sum!, min: s.Minimum!, max: s.Maximum! };
      } else if (Array.isArray(d.Values)) {
        datum.values = d.Values as number[];
        datum.counts = (d.Counts as number[] | undefined) ?? datum.values.map(() => 1);
      } else {
        datum.values = [Number(d.Value)];
        datum.counts = [1];
      }
      const id = {
        namespace,
        metricName: d.MetricName as string,
        dimensions: (d.Dimensions as Dimension[]) ?? [],
      };
      this.store.put(id, datum);
    }
  }

  private getMetricData(p: Params): Params {
    const start = Number(p.StartTime) * 1000;
    const end = Number(p.EndTime) * 1000;
    const results = runQueries(
      this.store,
      p.MetricDataQueries as MetricDataQuery[],
      start,
      end,
    ).filter((r) => r.returnData);
    const descending = p.ScanBy !== 'TimestampAscending';
    const offset = p.NextToken ? decodeToken(p.NextToken) : 0;
    const limit = Math.min(
      this.metricDataPageSize,
      (p.MaxDatapoints as number | undefined) ?? MAX_DATAPOINTS,
    );
    // The page budget is split evenly between results, so one offset pages them all.
    const perResult = Math.max(1, Math.floor(limit / Math.max(1, results.length)));
    let more = false;
    const out = results.map((r) => {
      const idx = r.series.timestamps.map((_, i) => i);
      if (descending) idx.reverse();
      const rest = idx.slice(offset);
      const take = rest.slice(0, perResult);
      const partial = take.length < rest.length;
      more ||= partial;
      return {
        Id: r.id,
        Label: r.label,
        Timestamps: take.map((i) => r.series.timestamps[i]! / 1000),
        Values: take.map((i) => r.series.values[i]!),
        StatusCode: partial ? 'PartialData' : 'Complete',
        Messages: [],
      };
    });
    return {
      MetricDataResults: out,
      Messages: [],
      ...(more ? { NextToken: encodeToken(offset + perResult) } : {}),
    };
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(`sim:${offset}`).toString('base64');
}

function decodeToken(token: unknown): number {
  const m = /^sim:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString());
  if (!m) throw new SimError('InvalidNextToken', 400, 'The NextToken is invalid.');
  return Number(m[1]);
}

export function paginate<T>(items: T[], token: unknown, max: number): { page: T[]; next?: string } {
  const offset = token ? decodeToken(token) : 0;
  const page = items.slice(offset, offset + max);
  return { page, next: offset + max < items.length ? encodeToken(offset + max) : undefined };
}
