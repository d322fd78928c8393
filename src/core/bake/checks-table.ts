// The checks of one judgement as a Markdown table, shared by bake-and-watch's summary and
// shift-traffic's Evidence section: one layout for the same numbers.
import { formatPercent } from '../routing.js';
import { table } from '../markdown.js';
import type { Check } from './judge.js';

export function checksTable(checks: Check[], version: string, previousVersion: string): string {
  return table(
    [
      'Check',
      'Outcome',
      `Version ${version}`,
      `Baseline (version ${previousVersion})`,
      'Samples',
      'Statistic',
      'Threshold',
      'Why',
    ],
    checks.map(row),
  );
}

function row(c: Check): unknown[] {
  const fmt = (x: number | undefined): string =>
    x === undefined
      ? ''
      : c.check === 'error-rate' || c.check === 'throttle-rate' || c.check === 'traffic-share'
        ? formatPercent(x)
        : String(x);
  const samples = c.samples
    ? `${c.samples.version}${c.samples.baseline !== undefined ? ` / ${c.samples.baseline}` : ''}`
    : '';
  const stat = c.statistic ? `${c.statistic.name} ${sig(c.statistic.value)}` : '';
  const threshold = c.threshold ? `${c.threshold.name} ${sig(c.threshold.value)}` : '';
  return [
    c.check,
    c.outcome,
    fmt(c.value),
    fmt(c.baselineValue),
    samples,
    stat,
    threshold,
    c.reason,
  ];
}

function sig(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}
