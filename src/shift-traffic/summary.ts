// The job summary and the verdicts of shift-traffic: what happened in one short sentence
// first, its reason as a table, then the plan, the timeline of weights and a chart of weight
// over time. Pure formatting.
import type { AlarmJudgement } from '../core/alarms.js';
import { describeRouting, formatPercent } from '../core/routing.js';
import type { TargetCommands } from '../core/traffic-target.js';
import { checksTable } from '../core/bake/checks-table.js';
import type { Judgement } from '../core/bake/judge.js';
import type { EvidenceLook } from '../core/bake/evidence-guard.js';
import { formatDuration } from '../core/inputs.js';
import { inline, lineChart, MAX_CHART_POINTS, summary, table } from '../core/markdown.js';
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
  /** A cell's name and every function's state at the end, one row each. */
  cell?: { name: string; functions: CellFunctionState[] };
  /** How a person sets the alias by hand, for a halted shift. */
  commands: TargetCommands;
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

/**
 * The summary's bold first line: what happened, in one short sentence. The cause in full,
 * the alias's weights and what was watched are in the table under it; the step's failure
 * message (events.ts failText) keeps the cause in full.
 */
export interface CellFunctionState {
  target: string;
  previousVersion: string;
  version: string;
  /** The alias as read at the end, or why it could not be read. */
  now: string;
}

function targetName(s: SummaryInput): string {
  return s.cell ? `cell ${s.cell.name}` : `${s.functionName}:${s.alias}`;
}

export function headline(outcome: ShiftOutcome, s: SummaryInput): string {
  const where = targetName(s);
  switch (outcome.status) {
    case 'succeeded': {
      // A success is not called clean when something went unwatched: the qualifier says
      // so in a few words, the Alarms row and the Evidence section say how.
      const unproven =
        s.evidence && s.evidence.last?.verdict !== 'pass'
          ? '; the evidence was not a pass'
          : s.watchedNothing && !s.evidence
            ? '; nothing was watched'
            : s.noData.length > 0
              ? '; an alarm had no data at times'
              : '';
      return `Version ${s.version} now takes all traffic of ${where} (was version ${s.previousVersion}), shifted by "${s.plan.strategy}"${unproven}.`;
    }
    case 'refused':
      return `Did not start: nothing changed on ${where}, because ${shortCause(outcome.cause, s.version)}.`;
    case 'rolled-back':
      return `Rolled back: ${where} is fully on version ${s.previousVersion} again because ${shortCause(outcome.cause, s.version)}.`;
    case 'halted':
      return `Halted because ${shortCause(outcome.cause, s.version)}: ${where} is left where it was, as on-failure: halt asks.`;
    case 'stopped':
      return `Stopped without overwriting anything: someone else changed ${where}.`;
    case 'restore-failed':
      return `The alias may be split: restoring version ${s.previousVersion} on ${where} failed.`;
  }
}

/** The cause as a clause without its numbers or quoted text: those are in the Reason row. */
function shortCause(cause: FailureCause, version: string): string {
  switch (cause.kind) {
    case 'guard':
      return cause.guard === 'alarms'
        ? 'an alarm fired'
        : cause.guard === 'evidence'
          ? `the evidence was against version ${version}`
          : cause.guard === 'provisioned concurrency'
            ? `the alias' provisioned concurrency was not READY at ${formatPercent(cause.weight)}`
            : `the ${cause.guard} guard failed`;
    case 'hook':
      return `the ${cause.phase} hook failed`;
    case 'cancelled':
      return 'the job was cancelled';
    case 'error':
      return 'of an error';
  }
}

/** The headline's evidence, as rows: the full cause, where the alias is, what was watched. */
function resultRows(outcome: ShiftOutcome, s: SummaryInput): unknown[][] {
  const rows: unknown[][] = [];
  if (outcome.status !== 'succeeded') rows.push(['Reason', describeCause(outcome.cause)]);
  if (outcome.status === 'stopped' || outcome.status === 'restore-failed')
    rows.push(['Error', outcome.error.message]);
  if ('state' in outcome) rows.push(['Alias now', describeRouting(outcome.state)]);
  rows.push(['Took', formatDuration(s.endedAt - s.startedAt)]);
  rows.push(['Alarms', alarmsSentence(s)]);
  return rows;
}

function alarmsSentence(s: SummaryInput): string {
  if (s.watchedNothing)
    return s.evidence ? 'No alarm was given.' : 'No alarm was given, so nothing was watched.';
  if (s.noData.length > 0)
    return `No alarm fired, but ${s.noData.join(', ')} had no data at some point and watched nothing then.`;
  return 'No alarm fired.';
}

export function noOpVerdict(target: string, version: string): string {
  return `${target} is already fully on version ${version}: nothing to do, nothing changed.`;
}

export function renderSummary(outcome: ShiftOutcome, s: SummaryInput): string {
  const elapsed = (at: number): string => `+${formatElapsed(Math.max(0, at - s.startedAt))}`;
  const sections: { heading?: string; body: string }[] = [
    { body: table(['What', 'Detail'], resultRows(outcome, s)) },
  ];
  if (outcome.status === 'halted')
    sections.push({
      heading: `Restore version ${s.previousVersion} by hand, or re-run to resume`,
      body: ['```sh', s.commands.fix(s.previousVersion), '```'].join('\n'),
    });
  sections.push(
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
  );
  const grid = weightGrid(s.timeline, s.startedAt, s.endedAt);
  if (grid.points.length > 1) {
    sections.push({
      heading: 'Weight over time',
      body: lineChart(
        `Traffic on version ${s.version}`,
        grid.points.map((p) =>
          p.at === s.startedAt ? '+0s' : `+${formatDuration(p.at - s.startedAt)}`,
        ),
        '% of requests',
        [{ name: `version ${s.version}`, values: grid.points.map((p) => p.weight * 100) }],
        {
          yMax: 100,
          xTitle: `time since the start, one point every ${formatDuration(grid.stepMs)}`,
        },
      ),
    });
  }
  if (s.cell)
    sections.push({
      heading: `Functions of the cell (${s.cell.functions.length})`,
      body: table(
        ['Function', 'Previous version', 'New version', 'Now'],
        s.cell.functions.map((f) => [f.target, f.previousVersion, f.version, f.now]),
      ),
    });
  if (s.evidence) sections.push({ heading: 'Evidence', body: evidenceBody(s) });
  if (s.alarms) sections.push({ heading: 'Alarms at the last check', body: alarmTable(s.alarms) });
  return summary({
    title: `shift-traffic ${targetName(s)}`,
    verdict: headline(outcome, s),
    sections,
  });
}

/** Grid steps a reader counts in without effort, in seconds. */
const NICE_STEPS_S = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/**
 * The weight sampled on an even time grid, so the chart's x axis is proportional to time:
 * a 5-minute hold is wide and a 1-second retry is not. The weight is a step function of
 * the timeline (it holds until the next event), read at each grid point; the grid is the
 * smallest round step that keeps to MAX_CHART_POINTS and reaches past the end. A change
 * shorter than a step can fall between two points: the Timeline table above lists every
 * change exactly, the chart is its picture.
 */
export function weightGrid(
  timeline: TimelineEntry[],
  startedAt: number,
  endedAt: number,
  maxPoints = MAX_CHART_POINTS,
): { stepMs: number; points: { at: number; weight: number }[] } {
  if (timeline.length === 0) return { stepMs: 0, points: [] };
  const end = Math.max(endedAt, timeline.at(-1)!.at);
  const span = Math.max(0, end - startedAt);
  const need = span / (maxPoints - 1);
  const stepMs =
    (NICE_STEPS_S.find((st) => st * 1000 >= need) ?? Math.ceil(need / 86_400_000) * 86_400) * 1000;
  const points: { at: number; weight: number }[] = [];
  let next = 0;
  let weight = timeline[0].weight;
  for (let i = 0; i <= Math.ceil(span / stepMs); i++) {
    const at = startedAt + i * stepMs;
    while (next < timeline.length && timeline[next].at <= at) weight = timeline[next++].weight;
    points.push({ at, weight });
  }
  return { stepMs, points };
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
