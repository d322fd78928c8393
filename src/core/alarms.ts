// Alarm selection and judgement, shared by check-blockers, shift-traffic and
// bake-and-watch so that "which alarms" and "what blocks" mean the same everywhere.
import { InputError } from './input-error.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface MetricDescription {
  namespace?: string;
  metricName?: string;
  dimensions: Record<string, string>;
  /** Seconds. */
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  /** True when the alarm is on metric math (its metrics are in Metrics, not MetricName). */
  usesMetricMath: boolean;
  /** Every metric the alarm reads, for math alarms too. */
  metrics: {
    namespace?: string;
    metricName?: string;
    dimensions: Record<string, string>;
    period?: number;
  }[];
  treatMissingData?: string;
}

export interface AlarmSnapshot {
  name: string;
  type: 'metric' | 'composite';
  state: AlarmState;
  reason: string;
  /** Milliseconds since the epoch. */
  updatedAt?: number;
  metric?: MetricDescription;
  /** Composite alarms: the rule. */
  rule?: string;
}

export interface AlarmSelection {
  names: string[];
  prefixes: string[];
}

/**
 * Reads the `alarms` and `alarm-prefixes` inputs. Names and prefixes are kept apart
 * because DescribeAlarms cannot combine them; a name that a prefix already covers is
 * refused as a likely mistake rather than silently checked twice.
 */
export function parseAlarmSelection(
  namesRaw: string,
  prefixesRaw: string,
  inputs = { names: 'alarms', prefixes: 'alarm-prefixes' },
): AlarmSelection {
  // One per line only: alarm names may contain commas.
  const names = lines(namesRaw);
  const prefixes = lines(prefixesRaw);
  for (const name of names) {
    if (name.length > 255)
      throw new InputError(
        inputs.names,
        name,
        'alarm names of at most 255 characters, one per line',
      );
  }
  for (const prefix of prefixes) {
    if (prefix.length > 255)
      throw new InputError(
        inputs.prefixes,
        prefix,
        'alarm name prefixes of at most 255 characters, one per line',
      );
  }
  for (const name of names) {
    const covering = prefixes.find((p) => name.startsWith(p));
    if (covering) {
      throw new InputError(
        inputs.names,
        name,
        `names not already covered by a prefix in '${inputs.prefixes}' ('${covering}' covers it); list it in one place only`,
      );
    }
  }
  return { names: unique(names), prefixes: unique(prefixes) };
}

export function isEmptySelection(selection: AlarmSelection): boolean {
  return selection.names.length === 0 && selection.prefixes.length === 0;
}

export interface AlarmJudgement {
  firing: AlarmSnapshot[];
  insufficientData: AlarmSnapshot[];
  ok: AlarmSnapshot[];
  /** Named alarms that do not exist: a typo must never pass silently. */
  missingNames: string[];
  /** Prefixes that matched no alarm at all. */
  emptyPrefixes: string[];
}

export function judgeAlarms(selection: AlarmSelection, snapshots: AlarmSnapshot[]): AlarmJudgement {
  const found = new Set(snapshots.map((a) => a.name));
  return {
    firing: snapshots.filter((a) => a.state === 'ALARM'),
    insufficientData: snapshots.filter((a) => a.state === 'INSUFFICIENT_DATA'),
    ok: snapshots.filter((a) => a.state === 'OK'),
    missingNames: selection.names.filter((n) => !found.has(n)),
    emptyPrefixes: selection.prefixes.filter((p) => !snapshots.some((a) => a.name.startsWith(p))),
  };
}

/** One line per firing alarm, for errors and summaries: `name (reason)`. */
export function describeFiring(firing: AlarmSnapshot[]): string {
  return firing.map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ''}`).join('; ');
}

/**
 * Whether an alarm can tell the new version apart: it reads a metric with the
 * ExecutedVersion dimension, or with a version-qualified Resource (fn:42). An alias-wide
 * alarm sees the old version's traffic too and dilutes a 10% canary tenfold.
 */
export function watchesVersion(alarm: AlarmSnapshot): boolean {
  if (alarm.type !== 'metric' || !alarm.metric) return false;
  return alarm.metric.metrics.some(
    (m) => 'ExecutedVersion' in m.dimensions || /:\d+$/.test(m.dimensions.Resource ?? ''),
  );
}

/**
 * The warning for metric alarms that do not watch `version` alone, or undefined when every
 * one does. `comparedApart`: per-version metrics are judged too, so the step is not blind.
 */
export function unscopedAlarmsWarning(
  alarms: AlarmSnapshot[],
  version: string,
  comparedApart: boolean,
): string | undefined {
  const wide = alarms.filter((a) => a.type === 'metric' && !watchesVersion(a));
  if (wide.length === 0) return undefined;
  const many = wide.length > 1;
  return (
    `Alarm${many ? 's' : ''} ${wide.map((a) => a.name).join(', ')} ${many ? 'do' : 'does'} not watch version ${version} alone (no ExecutedVersion dimension): the baseline's traffic dilutes ${many ? 'them' : 'it'}. ` +
    (comparedApart
      ? 'The metric comparison does watch each version apart.'
      : 'Add an alarm on the ExecutedVersion dimension (or on fn:version), or set compare-metrics.')
  );
}

/** Seconds an alarm needs, at the least, to go to ALARM: period × evaluation periods. */
export function detectionWindowSeconds(alarm: AlarmSnapshot): number | undefined {
  const m = alarm.metric;
  if (!m) return undefined;
  const period = m.period ?? Math.max(0, ...m.metrics.map((x) => x.period ?? 0));
  if (!period || !m.evaluationPeriods) return undefined;
  return period * m.evaluationPeriods;
}

function lines(raw: string): string[] {
  return raw
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
