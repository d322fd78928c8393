// Reads alarms in as few DescribeAlarms calls as AWS allows: names in batches of 100,
// each prefix paged 100 at a time, metric and composite alarms in the same call.
import {
  type CloudWatchClient,
  type CompositeAlarm,
  DescribeAlarmsCommand,
  type Dimension,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmSelection, AlarmSnapshot, AlarmState } from '../core/alarms.js';
import { withPermission } from '../core/retry.js';

/** The IAM action every read needs, named when it is denied. */
export const DESCRIBE_ALARMS = 'cloudwatch:DescribeAlarms';

export const ALARM_NAMES_PER_CALL = 100;

export async function describeAlarms(
  client: CloudWatchClient,
  selection: AlarmSelection,
  signal?: AbortSignal,
): Promise<AlarmSnapshot[]> {
  try {
    return await describe(client, selection, signal);
  } catch (error) {
    throw withPermission(error, DESCRIBE_ALARMS);
  }
}

async function describe(
  client: CloudWatchClient,
  selection: AlarmSelection,
  signal?: AbortSignal,
): Promise<AlarmSnapshot[]> {
  const byName = new Map<string, AlarmSnapshot>();
  const queries: { AlarmNames?: string[]; AlarmNamePrefix?: string }[] = [];
  for (let i = 0; i < selection.names.length; i += ALARM_NAMES_PER_CALL) {
    queries.push({ AlarmNames: selection.names.slice(i, i + ALARM_NAMES_PER_CALL) });
  }
  for (const prefix of selection.prefixes) queries.push({ AlarmNamePrefix: prefix });
  for (const query of queries) {
    let nextToken: string | undefined;
    do {
      const out = await client.send(
        new DescribeAlarmsCommand({
          ...query,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: ALARM_NAMES_PER_CALL,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const alarm of out.MetricAlarms ?? [])
        byName.set(alarm.AlarmName ?? '', fromMetricAlarm(alarm));
      for (const alarm of out.CompositeAlarms ?? [])
        byName.set(alarm.AlarmName ?? '', fromCompositeAlarm(alarm));
      nextToken = out.NextToken;
    } while (nextToken);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function dimensions(list: Dimension[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
}

function fromMetricAlarm(alarm: MetricAlarm): AlarmSnapshot {
  const math = alarm.Metrics ?? [];
  const metrics = alarm.MetricName
    ? [
        {
          namespace: alarm.Namespace,
          metricName: alarm.MetricName,
          dimensions: dimensions(alarm.Dimensions),
          period: alarm.Period,
        },
      ]
    : math
        .filter((q) => q.MetricStat)
        .map((q) => ({
          namespace: q.MetricStat?.Metric?.Namespace,
          metricName: q.MetricStat?.Metric?.MetricName,
          dimensions: dimensions(q.MetricStat?.Metric?.Dimensions),
          period: q.MetricStat?.Period,
        }));
  return {
    name: alarm.AlarmName ?? '',
    type: 'metric',
    state: (alarm.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState,
    reason: alarm.StateReason ?? '',
    updatedAt: alarm.StateUpdatedTimestamp?.getTime(),
    metric: {
      namespace: alarm.Namespace,
      metricName: alarm.MetricName,
      dimensions: dimensions(alarm.Dimensions),
      period: alarm.Period ?? metrics.find((m) => m.period)?.period,
      evaluationPeriods: alarm.EvaluationPeriods,
      datapointsToAlarm: alarm.DatapointsToAlarm,
      usesMetricMath: !alarm.MetricName && math.length > 0,
      metrics,
      treatMissingData: alarm.TreatMissingData,
    },
  };
}

function fromCompositeAlarm(alarm: CompositeAlarm): AlarmSnapshot {
  return {
    name: alarm.AlarmName ?? '',
    type: 'composite',
    state: (alarm.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState,
    reason: alarm.StateReason ?? '',
    updatedAt: alarm.StateUpdatedTimestamp?.getTime(),
    rule: alarm.AlarmRule,
  };
}
