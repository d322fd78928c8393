// The job summary reads top-down under pressure: the verdict in one short sentence first,
// its reason and the checks as tables, then new vs baseline error rate as a chart; the
// decision log holds the rest, and the summary says how much of it.
import { describe, expect, it } from '@jest/globals';
import { judge } from '../../../src/core/bake/judge.js';
import type { BakeOutcome } from '../../../src/core/bake/loop.js';
import type { PeriodSample } from '../../../src/core/bake/observations.js';
import {
  bakeSummary,
  bucketPeriods,
  decisionLog,
  decisionLogSentence,
  headline,
  type Report,
  verdictSentence,
} from '../../../src/bake-and-watch/summary.js';
import type { BakeInputs } from '../../../src/bake-and-watch/inputs.js';
import { config, MIN, type PeriodSpec, reading, repeat, T0 } from '../core/bake/fixtures.js';

function report(errors: number): Report {
  const r = reading(repeat(10, { version: { errors } }));
  const j = judge({
    config: config(),
    version: '5',
    previousVersion: '4',
    bakeStart: T0,
    deployStart: T0,
    now: T0 + 10 * MIN + 1000,
    baselineSource: 'concurrent',
    reading: r,
    previousLookMs: 9 * MIN,
  });
  const outcome: BakeOutcome = {
    verdict: j.verdict,
    reason: j.reason,
    judgement: j,
    reading: r,
    polls: [
      {
        at: new Date(T0 + 10 * MIN).toISOString(),
        elapsedMs: 10 * MIN,
        verdict: j.verdict,
        reason: j.reason,
      },
    ],
    elapsedMs: 10 * MIN,
  };
  const inputs = {
    functionName: 'orders',
    alias: 'live',
    config: config(),
    dryRun: false,
  } as BakeInputs;
  const subject = {
    version: '5',
    previousVersion: '4',
    baselineSource: 'concurrent' as const,
    deployStart: T0,
    notes: [],
  };
  return {
    inputs,
    subject,
    outcome,
    bakeStart: T0,
    action: j.verdict === 'fail' ? 'Rolled back: orders:live is at version 4 at 100%.' : '',
  };
}

/** The report with another reading (the chart's input) and, optionally, `polls` polls. */
function withReading(r: Report, bake: PeriodSpec[], polls?: number): Report {
  const outcome = { ...r.outcome, reading: reading(bake) };
  if (polls !== undefined)
    outcome.polls = Array.from({ length: polls }, (_, i) => ({
      at: new Date(T0 + i * 10_000).toISOString(),
      elapsedMs: i * 10_000,
      verdict: 'inconclusive' as const,
      reason: 'Not enough requests yet.',
    }));
  return { ...r, outcome };
}

/** The chart's x labels and lines as mermaid reads them. */
function chart(md: string): { labels: string[]; lines: number[][] } {
  const axis = /x-axis (?:"[^"]*" )?\[(.*)\]/.exec(md)![1];
  return {
    labels: [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]),
    lines: [...md.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) => m[1].split(', ').map(Number)),
  };
}

describe('bakeSummary', () => {
  it('puts the verdict first, then its reason and action, the checks table and the chart', () => {
    const md = bakeSummary(report(6));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## bake-and-watch: orders:live');
    expect(lines[2]).toBe('**Version 5 failed the bake.**');
    expect(md).toMatch(/^\| Reason \| The error rate of version 5 is 5% \(60\/1200\) .*\|$/m);
    expect(md).toContain('| Action | Rolled back: orders:live is at version 4 at 100%. |');
    expect(md.indexOf('| Reason |')).toBeLessThan(md.indexOf('| Check | Outcome |'));
    expect(md.indexOf('| Check | Outcome |')).toBeLessThan(md.indexOf('xychart-beta'));
    expect(md).toContain('| error-rate | fail | 5% | 1.019% | 1200 / 10800 |');
    expect(md).toContain('line [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]');
    expect(md).toContain('Lines, in order: version 5 (new), version 4 (baseline).');
  });

  it('says a pass plainly, with the evidence in the Reason row', () => {
    const md = bakeSummary(report(1));
    expect(md.split('\n')[2]).toBe('**Version 5 passed the bake.**');
    expect(md).toContain(
      '| Reason | Version 5 served 1200 requests over 10m and matched version 4 on every check. |',
    );
    expect(md).not.toContain('| Action |');
  });
});

describe('the headline', () => {
  it.each(['pass', 'fail', 'inconclusive', 'error'] as const)(
    'for %s is one short sentence with no number from the statistics',
    (verdict) => {
      const r = report(6);
      const text = headline({ ...r, outcome: { ...r.outcome, verdict } });
      expect(text).toMatch(/^[^.]+\.$/);
      expect(text.length).toBeLessThanOrEqual(80);
      // The only number is the version's.
      expect(text.replace(/version 5/gi, '')).not.toMatch(/\d/);
    },
  );

  it('leaves the reason and the action to the annotation, which keeps them in full', () => {
    const r = report(6);
    expect(verdictSentence(r)).toBe(`${headline(r)} ${r.outcome.reason} ${r.action}`);
    expect(verdictSentence(r)).toMatch(/5% \(60\/1200\)/);
  });
});

describe('the error-rate chart', () => {
  it('leaves a period with no invocations out of the line instead of drawing 0% errors', () => {
    const bake = repeat(10, { version: { errors: 6 } });
    bake[3] = { version: { invocations: 0, errors: 0 } };
    const md = bakeSummary(withReading(report(6), bake));
    const { labels, lines } = chart(md);
    expect(labels).toHaveLength(9);
    expect(labels).not.toContain('10:03:00');
    expect(lines[0]).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(lines[0]).not.toContain(0);
    expect(md).toContain(
      'version 5 (new) had no data at 10:03:00: left out of the chart, not drawn as 0.',
    );
  });

  it('draws a real 0% as 0: only a period without calls is a gap', () => {
    const { lines } = chart(
      bakeSummary(withReading(report(6), repeat(10, { version: { errors: 0 } }))),
    );
    expect(lines[0]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('merges 500 periods into at most 60 points, labelled with the bucket size', () => {
    const md = bakeSummary(withReading(report(6), repeat(500, { version: { errors: 6 } })));
    const { labels, lines } = chart(md);
    expect(labels.length).toBeLessThanOrEqual(60);
    expect(labels.length).toBe(Math.ceil(500 / 9));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.slice(0, 2)).toEqual(['10:00:00', '10:09:00']);
    expect(md).toContain('title "Error rate per 9m (%)"');
    expect(md).toContain('x-axis "start of each 9m (9 periods of 1m summed, UTC)" [');
    expect(lines[0].every((v) => v === 5)).toBe(true);
  });
});

describe('bucketPeriods', () => {
  const period = (i: number, invocations: number, errors: number): PeriodSample => ({
    start: T0 + i * MIN,
    version: { invocations, errors, throttles: 0 },
    baseline: { invocations: 2 * invocations, errors, throttles: 0 },
    aliasInvocations: 3 * invocations,
  });

  it('sums the counts of adjacent periods: 500 periods become at most 60 buckets', () => {
    const periods = Array.from({ length: 500 }, (_, i) => period(i, 100 + i, i % 7));
    const { size, buckets } = bucketPeriods(periods);
    expect(size).toBe(9);
    expect(buckets.length).toBeLessThanOrEqual(60);
    expect(buckets[1]).toEqual({
      start: T0 + 9 * MIN,
      version: {
        invocations: periods.slice(9, 18).reduce((n, p) => n + p.version.invocations, 0),
        errors: periods.slice(9, 18).reduce((n, p) => n + p.version.errors, 0),
      },
      baseline: {
        invocations: periods.slice(9, 18).reduce((n, p) => n + p.baseline.invocations, 0),
        errors: periods.slice(9, 18).reduce((n, p) => n + p.baseline.errors, 0),
      },
    });
    const total = (side: 'version' | 'baseline'): number =>
      buckets.reduce((n, b) => n + b[side].invocations, 0);
    expect(total('version')).toBe(periods.reduce((n, p) => n + p.version.invocations, 0));
    expect(total('baseline')).toBe(periods.reduce((n, p) => n + p.baseline.invocations, 0));
  });

  it('never averages rates: 3 of 3 calls failing beside 0 of 2997 is 0.1%, not 50%', () => {
    const { buckets } = bucketPeriods([period(0, 3, 3), period(1, 2997, 0)], 1);
    expect(buckets).toHaveLength(1);
    expect((100 * buckets[0].version.errors) / buckets[0].version.invocations).toBe(0.1);
  });

  it('keeps every period as its own point when there are few enough', () => {
    const { size, buckets } = bucketPeriods(Array.from({ length: 60 }, (_, i) => period(i, 1, 0)));
    expect(size).toBe(1);
    expect(buckets).toHaveLength(60);
  });
});

describe('what the summary says of the decision log', () => {
  it('counts the polls it holds: the newest 100', () => {
    expect(decisionLogSentence(240)).toBe(
      'The `decision-log` output holds the final checks and the last 100 of 240 polls.',
    );
    expect(decisionLogSentence(100)).toBe(
      'The `decision-log` output holds the final checks and all 100 polls.',
    );
    expect(decisionLogSentence(0)).toBe(
      'The `decision-log` output holds the final checks and no poll.',
    );
    expect(decisionLogSentence(1)).toBe(
      'The `decision-log` output holds the final checks and the one poll.',
    );
  });

  it('agrees with the output it describes', () => {
    const r = withReading(report(6), repeat(10, { version: { errors: 6 } }), 240);
    expect(JSON.parse(decisionLog(r)).polls).toHaveLength(100);
    expect(bakeSummary(r)).toContain('240 polls over 10m');
    expect(bakeSummary(r)).toContain('the last 100 of 240 polls.');
    expect(bakeSummary(r)).not.toContain('Every check');
  });
});

describe('decisionLog', () => {
  it('is JSON with every check, its numbers and the polls', () => {
    const log = JSON.parse(decisionLog(report(6)));
    expect(log).toMatchObject({
      verdict: 'fail',
      version: '5',
      previousVersion: '4',
      baselineSource: 'concurrent',
      bakeTime: '10m',
    });
    const check = log.checks.find((c: { check: string }) => c.check === 'error-rate');
    expect(check).toMatchObject({
      outcome: 'fail',
      value: 0.05,
      samples: { version: 1200, baseline: 10800 },
      statistic: { name: 'exact binomial p-value' },
      threshold: { name: 'nominal level at this look' },
    });
    expect(check.window).toEqual({
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 10 * MIN).toISOString(),
    });
    expect(log.polls).toHaveLength(1);
    // The spending rule is stated, not left to the reader of the code.
    expect(log.spending).toMatch(/group-sequential boundaries/);
    expect(log.spending).toMatch(/none is kept for an extension/);
  });
});
