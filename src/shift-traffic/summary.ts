// The job summary and the one-sentence verdicts of shift-traffic: what happened first, then
// the plan, the timeline of weights and a chart of weight over time. Pure formatting.
import type { AlarmJudgement } from '../core/alarms.js';
import { describeRouting, fixCommand, formatPercent } from '../core/alias-state.js';
import { checksTable } from '../core/bake/checks-table.js';
import type { Judgement } from '../core/bake/judge.js';
import type { EvidenceLook } from '../core/evidence-guard.js';
import { formatDuration } from '../core/inputs.js';
import { inline, lineChart, summary, table } from '../core/markdown.js';
import type { FailureCause, ShiftOutcome } from '../core/shift.js';
import { type Plan, type ScheduledStep } from '../core/strategy.js';

export interface TimelineEntry {
  at: number;
  /** The new version's weight after this event. */
  weight: number;
  what: string;
}

export interface SummaryInput {
  functionName: string;
  alias: string;
  previousVersion: string;
  version: string;
  plan: Plan;
  schedule: ScheduledStep[];
  startedAt: number;
  endedAt: number;
  timeline: TimelineEntry[];
  alarms?: AlarmJudgement;
  noData: string[];
  watchedNothing: boolean;
  /** Present when compare-metrics is on. */
  evidence?: { last?: Judgement; looks: EvidenceLook[] };
}

export function describeCause(cause: FailureCause): string {
  const at = `at ${formatPercent(cause.weight)}`;
  switch (cause.kind) {
    case 'guard':
      return `${cause.reason} (${at})`;
    case 'hook':
      return `the ${cause.phase} hook failed: ${cause.reason} (${at})`;
    case 'cancelled':
      return `the job was cancelled (${cause.reason}) (${at})`;
    case 'error':
      return `${cause.reason} (${at})`;
  }
}

export function verdict(outcome: ShiftOutcome, s: SummaryInput): string {
  const where = `${s.functionName}:${s.alias}`;
  const took = formatDuration(s.endedAt - s.startedAt);
  switch (outcome.status) {
    case 'succeeded': {
      const caveat = s.watchedNothing
        ? s.evidence
          ? ' No alarm was given.'
          : ' No alarm was given, so nothing was watched.'
        : s.noData.length > 0
          ? ` No alarm fired, but ${s.noData.join(', ')} had no data at some point and watched nothing then.`
          : ' No alarm fired.';
      return `Version ${s.version} now takes all traffic of ${where} (was version ${s.previousVersion}), shifted by "${s.plan.strategy}" in ${took}.${caveat}${s.evidence ? ` ${evidenceSentence(s)}` : ''}`;
    }
    case 'refused':
      return `Did not start: ${describeCause(outcome.cause)}. Nothing changed; ${where} is still at ${describeRouting(outcome.alias)}.`;
    case 'rolled-back':
      return `Rolled back: ${where} is fully on version ${s.previousVersion} again because ${describeCause(outcome.cause)}.`;
    case 'halted':
      return (
        `Halted because ${describeCause(outcome.cause)}: ${where} is left at ${describeRouting(outcome.alias)} as on-failure: halt asks. ` +
        `Re-run to resume, or restore with: ${fixCommand(s.functionName, s.alias, s.previousVersion)}`
      );
    case 'stopped':
      return `Stopped without overwriting anything: ${outcome.error.message}`;
    case 'restore-failed':
      return `The alias may be split: ${outcome.error.message}`;
  }
}

export function noOpVerdict(functionName: string, alias: string, version: string): string {
  return `${functionName}:${alias} is already fully on version ${version}: nothing to do, nothing changed.`;
}

export function renderSummary(outcome: ShiftOutcome, s: SummaryInput): string {
  const elapsed = (at: number): string => `+${formatElapsed(Math.max(0, at - s.startedAt))}`;
  const sections = [
    { heading: 'Plan', body: planTable(s) },
    {
      heading: 'Timeline',
      body: table(
        ['Time (UTC)', 'Elapsed', `Version ${s.version}`, 'Event'],
        s.timeline.map((e) => [
          new Date(e.at).toISOString().slice(11, 19),
          elapsed(e.at),
          formatPercent(e.weight),
          e.what,
        ]),
      ),
    },
  ];
  const points = chartPoints(s.timeline);
  if (points.length > 1) {
    sections.push({
      heading: 'Weight over time',
      body: lineChart(
        `Traffic on version ${s.version}`,
        points.map((p) => elapsed(p.at)),
        '% of requests',
        [{ name: `version ${s.version}`, values: points.map((p) => p.weight * 100) }],
        100,
      ),
    });
  }
  if (s.evidence) sections.push({ heading: 'Evidence', body: evidenceBody(s) });
  if (s.alarms) sections.push({ heading: 'Alarms at the last check', body: alarmTable(s.alarms) });
  return summary({
    title: `shift-traffic ${s.functionName}:${s.alias}`,
    verdict: verdict(outcome, s),
    sections,
  });
}

/** Tenths of a second under a minute, where a poll interval of 1s makes them matter. */
export function formatElapsed(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms);
}

function planTable(s: SummaryInput): string {
  return table(
    ['Step', `Version ${s.version}`, 'Then watch', 'Planned at (UTC)'],
    s.schedule.map((step, i) => [
      i + 1,
      formatPercent(step.weight),
      step.holdMs > 0 ? formatDuration(step.holdMs) : '-',
      step.done ? 'done before this run' : new Date(step.at).toISOString().slice(11, 19),
    ]),
  );
}

/** A step chart: the weight holds until the next change, so each change gets two points. */
function chartPoints(timeline: TimelineEntry[]): { at: number; weight: number }[] {
  const points: { at: number; weight: number }[] = [];
  for (const entry of timeline) {
    const last = points.at(-1);
    if (last && last.weight === entry.weight) continue;
    if (last) points.push({ at: entry.at, weight: last.weight });
    points.push({ at: entry.at, weight: entry.weight });
  }
  return points.slice(0, 200);
}

function alarmTable(judgement: AlarmJudgement): string {
  const rows = [
    ...judgement.firing.map((a) => [a.name, 'ALARM', a.reason]),
    ...judgement.insufficientData.map((a) => [
      a.name,
      'INSUFFICIENT_DATA (watches nothing)',
      a.reason,
    ]),
    ...judgement.ok.map((a) => [a.name, 'OK', a.reason]),
  ];
  return table(['Alarm', 'State', 'Reason'], rows.slice(0, 100));
}

/**
 * What the per-version metrics said by the end. Inconclusive is said as such: no traffic
 * on the new version is never reported as evidence of health.
 */
export function evidenceSentence(s: SummaryInput): string {
  const last = s.evidence?.last;
  if (!last) return 'The evidence could not be read: the steps were guarded by alarms only.';
  switch (last.verdict) {
    case 'pass':
      return `The evidence matched version ${s.previousVersion}: ${last.reason}`;
    case 'inconclusive':
      return `The evidence was inconclusive (not a pass): ${last.reason}`;
    case 'fail':
      return `The evidence was against version ${s.version}: ${last.reason}`;
  }
}

function evidenceBody(s: SummaryInput): string {
  const looks = s.evidence?.looks ?? [];
  const count = (v: EvidenceLook['verdict']): number => looks.filter((l) => l.verdict === v).length;
  const tally = `${looks.length} look(s) at the per-version metrics, baseline version ${s.previousVersion} measured in the same periods: ${count('pass')} pass, ${count('inconclusive')} inconclusive, ${count('fail')} fail, ${count('error')} could not read them.`;
  const last = s.evidence?.last;
  const sentence = inline(evidenceSentence(s));
  if (!last) return `${sentence}\n\n${tally}`;
  // Alarms are the alarm guard's, shown in their own table.
  const checks = last.checks.filter((c) => c.check !== 'alarms');
  return `${sentence}\n\n${tally} The checks at the last look:\n\n${checksTable(checks, s.version, s.previousVersion)}`;
}
