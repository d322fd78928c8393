// The job summary and the decision log: the verdict in one short sentence first, its reason
// and the checks as tables, then new vs baseline error rate over the bake as a chart.
import { checksTable } from '../core/bake/checks-table.js';
import { SPENDING_RULE } from '../core/stats/spending.js';
import type { BakeOutcome } from '../core/bake/loop.js';
import { type PeriodSample, sumPeriods } from '../core/bake/observations.js';
import { bullets, lineChart, MAX_CHART_POINTS, summary, table } from '../core/markdown.js';
import { formatDuration } from '../core/inputs.js';
import type { BakeInputs } from './inputs.js';
import type { Subject } from './resolve.js';

/** Polls kept in the decision log: the newest ones; the output must stay readable. */
const MAX_POLLS_IN_LOG = 100;

export interface Report {
  inputs: BakeInputs;
  subject: Subject;
  outcome: BakeOutcome;
  bakeStart: number;
  /** What the action did about it, one sentence: "Rolled back to version 4." */
  action: string;
}

export function decisionLog(r: Report): string {
  const { outcome, subject, inputs } = r;
  return JSON.stringify({
    verdict: outcome.verdict,
    reason: outcome.reason,
    action: r.action,
    version: subject.version,
    previousVersion: subject.previousVersion,
    baselineSource: subject.baselineSource,
    bakeTime: formatDuration(inputs.config.bakeTimeMs),
    elapsed: formatDuration(outcome.elapsedMs),
    periodSeconds: inputs.config.periodS,
    significance: inputs.config.significance,
    dryRun: inputs.dryRun,
    partialData: outcome.reading?.partial ?? false,
    messages: outcome.reading?.messages ?? [],
    checks: outcome.judgement?.checks ?? [],
    spending: SPENDING_RULE,
    polls: outcome.polls.slice(-MAX_POLLS_IN_LOG),
  });
}

/** The step's annotation: the verdict with its whole reason and what was done about it. */
export function verdictSentence(r: Report): string {
  return `${headline(r)} ${r.outcome.reason} ${r.action}`.trim();
}

/**
 * The summary's bold first line: the verdict alone, one short sentence. The reason, with
 * its rates and counts, and the action taken are the table's first rows, where they can
 * be read without re-parsing a paragraph.
 */
export function headline(r: Report): string {
  const v = r.outcome.verdict;
  return v === 'pass'
    ? `Version ${r.subject.version} passed the bake.`
    : v === 'fail'
      ? `Version ${r.subject.version} failed the bake.`
      : v === 'inconclusive'
        ? `The bake of version ${r.subject.version} was inconclusive.`
        : `The bake of version ${r.subject.version} ended in error: the evidence could not be read.`;
}

/** What the `decision-log` output holds, counted: it keeps only the newest polls. */
export function decisionLogSentence(polls: number): string {
  const kept = Math.min(polls, MAX_POLLS_IN_LOG);
  const which =
    kept === polls
      ? polls === 0
        ? 'no poll'
        : polls === 1
          ? 'the one poll'
          : `all ${polls} polls`
      : `the last ${kept} of ${polls} polls`;
  return `The \`decision-log\` output holds the final checks and ${which}.`;
}

export function bakeSummary(r: Report): string {
  const checks = r.outcome.judgement?.checks ?? [];
  const rows: unknown[][] = [['Reason', r.outcome.reason]];
  if (r.action) rows.push(['Action', r.action]);
  const sections: { heading?: string; body: string }[] = [
    { body: table(['What', 'Detail'], rows) },
    {
      heading: 'Checks',
      body: checks.length
        ? checksTable(checks, r.subject.version, r.subject.previousVersion)
        : 'No evidence could be read.',
    },
  ];
  const chart = errorRateChart(r);
  if (chart) sections.push({ heading: 'Error rate over the bake', body: chart });
  if (r.subject.notes.length || r.outcome.reading?.partial || r.outcome.reading?.messages.length) {
    const notes = [
      ...r.subject.notes,
      ...(r.outcome.reading?.partial ? ['CloudWatch returned PartialData.'] : []),
      ...(r.outcome.reading?.messages ?? []),
    ];
    sections.push({ heading: 'Notes', body: bullets(notes) });
  }
  const errors = r.outcome.polls.filter((p) => p.verdict === 'error').length;
  sections.push({
    heading: 'Polls',
    body: `${r.outcome.polls.length} polls over ${formatDuration(r.outcome.elapsedMs)} (baseline ${r.subject.baselineSource === 'concurrent' ? 'measured in the same periods' : 'measured before the deployment'}${errors ? `; ${errors} could not read the evidence` : ''}). ${decisionLogSentence(r.outcome.polls.length)}`,
  });
  return summary({
    title: `bake-and-watch: ${r.inputs.functionName}:${r.inputs.alias}`,
    verdict: headline(r),
    sections,
  });
}

interface Bucket {
  start: number;
  version: { errors: number; invocations: number };
  baseline: { errors: number; invocations: number };
}

/**
 * The bake's periods merged into at most MAX_CHART_POINTS buckets of `size` adjacent
 * periods each (the last may hold fewer). Counts are summed and the rate taken after: an
 * average of per-period rates would weigh a period of 3 calls like one of 3000.
 */
export function bucketPeriods(
  periods: PeriodSample[],
  maxPoints = MAX_CHART_POINTS,
): { size: number; buckets: Bucket[] } {
  const size = Math.max(1, Math.ceil(periods.length / maxPoints));
  const buckets: Bucket[] = [];
  for (let i = 0; i < periods.length; i += size) {
    const group = periods.slice(i, i + size);
    const sum = (side: 'version' | 'baseline'): Bucket['version'] => {
      const { errors, invocations } = sumPeriods(group, side);
      return { errors, invocations };
    };
    buckets.push({ start: group[0].start, version: sum('version'), baseline: sum('baseline') });
  }
  return { size, buckets };
}

function errorRateChart(r: Report): string | undefined {
  const reading = r.outcome.reading;
  if (!reading) return undefined;
  const p = r.inputs.config.periodS * 1000;
  const from = Math.floor(r.bakeStart / p) * p;
  const bake = reading.periods.filter((x) => x.start >= from);
  const before = sumPeriods(
    reading.periods.filter((x) => x.start < from && x.start + p <= r.subject.deployStart),
    'baseline',
  );
  if (bake.length < 2) return undefined;
  const { size, buckets } = bucketPeriods(bake);
  // NaN, not 0, for a bucket nobody called: lineChart leaves it out and says so.
  const rate = (errors: number, n: number): number => (n > 0 ? (100 * errors) / n : NaN);
  // A bake longer than a day would repeat times of day: the date tells them apart.
  const long = bake.at(-1)!.start - bake[0].start >= 86_400_000;
  const labels = buckets.map((b) =>
    long
      ? new Date(b.start).toISOString().slice(5, 16).replace('T', ' ')
      : new Date(b.start).toISOString().slice(11, 19),
  );
  const each = formatDuration(size * p);
  const xTitle =
    size === 1
      ? `start of each ${each} period (UTC)`
      : `start of each ${each} (${size} periods of ${formatDuration(p)} summed, UTC)`;
  return lineChart(
    `Error rate per ${each} (%)`,
    labels,
    '% errors',
    [
      {
        name: `version ${r.subject.version} (new)`,
        values: buckets.map((b) => rate(b.version.errors, b.version.invocations)),
      },
      {
        name: `version ${r.subject.previousVersion} (baseline${r.subject.baselineSource === 'before' ? ', before the deployment' : ''})`,
        values: buckets.map((b) =>
          r.subject.baselineSource === 'before'
            ? rate(before.errors, before.invocations)
            : rate(b.baseline.errors, b.baseline.invocations),
        ),
      },
    ],
    { xTitle },
  );
}
