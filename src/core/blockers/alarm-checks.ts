// The alarms check and the canary advice, built on the shared judgement in core/alarms so
// that "which alarms" and "what blocks" mean the same as in shift-traffic and bake-and-watch.
import {
  type AlarmSnapshot,
  detectionWindowSeconds,
  isEmptySelection,
  judgeAlarms,
  watchesVersion,
} from '../alarms.js';
import { formatDuration } from '../inputs.js';
import { type Check, type Fetched, type Reason, type Warning, rowState } from './checks.js';
import type { BlockersConfig } from './config.js';

export interface CheckResult {
  check: Check;
  reasons: Reason[];
  warnings: Warning[];
}

const TITLE = 'Alarms';

export function alarmCheck(
  config: BlockersConfig,
  fetched?: Fetched<AlarmSnapshot[]>,
): CheckResult {
  if (isEmptySelection(config.alarms) || !fetched) {
    return skipped('alarm', TITLE, 'no alarms or alarm-prefixes given');
  }
  if (!fetched.ok) {
    const reason: Reason = {
      kind: 'alarm',
      name: 'DescribeAlarms',
      detail: `could not read alarms: ${fetched.error}`,
      state: 'error',
    };
    return {
      check: { kind: 'alarm', title: TITLE, state: 'error', detail: reason.detail },
      reasons: [reason],
      warnings: [],
    };
  }
  const judged = judgeAlarms(config.alarms, fetched.value);
  const reasons: Reason[] = [
    ...judged.firing.map((a): Reason => ({
      kind: 'alarm',
      name: a.name,
      detail: `${a.type} alarm in ALARM${a.reason ? `: ${a.reason}` : ''}`,
      state: 'block',
    })),
    ...judged.missingNames.map((n): Reason => ({
      kind: 'alarm',
      name: n,
      detail: 'no such alarm in this account and region (a typo?)',
      state: 'error',
    })),
    ...judged.emptyPrefixes.map((p): Reason => ({
      kind: 'alarm',
      name: `${p}*`,
      detail: 'the prefix matched no alarm in this account and region',
      state: 'error',
    })),
  ];
  const insufficient = judged.insufficientData.map((a) => ({
    kind: 'alarm' as const,
    name: a.name,
    detail: `${a.type} alarm in INSUFFICIENT_DATA: it cannot tell whether things are healthy${a.reason ? ` (${a.reason})` : ''}`,
  }));
  const warnings: Warning[] = [];
  if (config.insufficientData === 'block')
    reasons.push(...insufficient.map((w): Reason => ({ ...w, state: 'block' })));
  else warnings.push(...insufficient);

  const counts = [
    `${fetched.value.length} checked`,
    judged.firing.length && `${judged.firing.length} in ALARM`,
    judged.insufficientData.length && `${judged.insufficientData.length} in INSUFFICIENT_DATA`,
    judged.missingNames.length && `${judged.missingNames.length} not found`,
    judged.emptyPrefixes.length && `${judged.emptyPrefixes.length} prefix(es) matched nothing`,
  ].filter(Boolean);
  const named = [...reasons, ...warnings].map((r) => r.name);
  const detail = `${counts.join(', ')}${named.length ? `: ${named.slice(0, 10).join(', ')}${named.length > 10 ? ', …' : ''}` : ''}`;
  return {
    check: { kind: 'alarm', title: TITLE, state: rowState(reasons, warnings), detail },
    reasons,
    warnings,
  };
}

/**
 * Advice, never a blocker: alarms that cannot protect a canary. An alias-wide alarm sees
 * the old version's traffic too and dilutes a 10% canary tenfold; an alarm that needs
 * longer than the bake time to fire cannot stop a bad version before it is promoted.
 */
export function adviceCheck(
  config: BlockersConfig,
  fetched?: Fetched<AlarmSnapshot[]>,
): CheckResult {
  const title = 'Advice';
  if (!config.advice) return skipped('advice', title, 'advice: false');
  const metricAlarms = fetched?.ok ? fetched.value.filter((a) => a.type === 'metric') : [];
  if (metricAlarms.length === 0) return skipped('advice', title, 'no metric alarms to advise on');
  const warnings: Warning[] = [];
  for (const alarm of metricAlarms) {
    if (!watchesVersion(alarm)) {
      warnings.push({
        kind: 'advice',
        name: alarm.name,
        detail:
          "does not watch the new version (no ExecutedVersion dimension or version-qualified Resource): a canary's errors are diluted by the old version's traffic",
      });
    }
    const detection = detectionWindowSeconds(alarm);
    if (
      config.bakeTimeMs !== undefined &&
      detection !== undefined &&
      detection * 1000 > config.bakeTimeMs
    ) {
      warnings.push({
        kind: 'advice',
        name: alarm.name,
        detail: `needs ${formatDuration(detection * 1000)} (period × evaluation periods) to fire, longer than the bake time of ${formatDuration(config.bakeTimeMs)}`,
      });
    }
  }
  const names = [...new Set(warnings.map((w) => w.name))];
  const detail =
    warnings.length === 0
      ? `all ${metricAlarms.length} metric alarm(s) can protect a canary`
      : `${names.length} of ${metricAlarms.length} metric alarm(s) cannot fully protect a canary: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`;
  return {
    check: { kind: 'advice', title, state: warnings.length ? 'warn' : 'pass', detail },
    reasons: [],
    warnings,
  };
}

export function skipped(kind: Check['kind'], title: string, detail: string): CheckResult {
  return { check: { kind, title, state: 'skipped', detail }, reasons: [], warnings: [] };
}
