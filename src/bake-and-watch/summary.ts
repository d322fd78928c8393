// The job summary and the decision log: the verdict sentence first, the checks as a
// table, then new vs baseline error rate over the bake as a chart.
import { checksTable } from '../core/bake/checks-table.js';
import type { BakeOutcome } from '../core/bake/loop.js';
import { sumPeriods } from '../core/bake/observations.js';
import { bullets, lineChart, summary } from '../core/markdown.js';
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
    polls: outcome.polls.slice(-MAX_POLLS_IN_LOG),
  });
}

export function verdictSentence(r: Report): string {
  const v = r.outcome.verdict;
  const head =
    v === 'pass'
      ? `Version ${r.subject.version} passed the bake.`
      : v === 'fail'
        ? `Version ${r.subject.version} failed the bake.`
        : v === 'inconclusive'
          ? `The bake of version ${r.subject.version} was inconclusive.`
          : `The bake of version ${r.subject.version} ended in error: the evidence could not be read.`;
  return `${head} ${r.outcome.reason} ${r.action}`.trim();
}

export function bakeSummary(r: Report): string {
  const checks = r.outcome.judgement?.checks ?? [];
  const sections = [
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
    body: `${r.outcome.polls.length} polls over ${formatDuration(r.outcome.elapsedMs)} (baseline ${r.subject.baselineSource === 'concurrent' ? 'measured in the same periods' : 'measured before the deployment'}${errors ? `; ${errors} could not read the evidence` : ''}). Every check is in the \`decision-log\` output.`,
  });
  return summary({
    title: `bake-and-watch: ${r.inputs.functionName}:${r.inputs.alias}`,
    verdict: verdictSentence(r),
    sections,
  });
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
  const rate = (errors: number, n: number): number => (n > 0 ? (100 * errors) / n : NaN);
  const labels = bake.map((x) => new Date(x.start).toISOString().slice(11, 19));
  return lineChart('Error rate per period (%)', labels, '% errors', [
    {
      name: `version ${r.subject.version} (new)`,
      values: bake.map((x) => rate(x.version.errors, x.version.invocations)),
    },
    {
      name: `version ${r.subject.previousVersion} (baseline${r.subject.baselineSource === 'before' ? ', before the deployment' : ''})`,
      values: bake.map((x) =>
        r.subject.baselineSource === 'before'
          ? rate(before.errors, before.invocations)
          : rate(x.baseline.errors, x.baseline.invocations),
      ),
    },
  ]);
}
