// The job summary reads top-down under pressure: the verdict sentence first, then the
// checks as a table, then new vs baseline error rate as a chart; the decision log holds it all.
import { describe, expect, it } from '@jest/globals';
import { judge } from '../../../src/core/bake/judge.js';
import type { BakeOutcome } from '../../../src/core/bake/loop.js';
import { bakeSummary, decisionLog, type Report } from '../../../src/bake-and-watch/summary.js';
import type { BakeInputs } from '../../../src/bake-and-watch/inputs.js';
import { config, MIN, reading, repeat, T0 } from './fixtures.js';

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

describe('bakeSummary', () => {
  it('puts the verdict sentence first, then the checks table, then the error-rate chart', () => {
    const md = bakeSummary(report(6));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## bake-and-watch: orders:live');
    expect(lines[2]).toMatch(
      /^\*\*Version 5 failed the bake\. The error rate of version 5 is 5% \(60\/1200\) .* Rolled back: orders:live is at version 4 at 100%\.\*\*$/,
    );
    expect(md.indexOf('| Check | Outcome |')).toBeLessThan(md.indexOf('xychart-beta'));
    expect(md).toContain('| error-rate | fail | 5% | 1.019% | 1200 / 10800 |');
    expect(md).toContain('line [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]');
    expect(md).toContain('Lines, in order: version 5 (new), version 4 (baseline).');
  });

  it('says a pass plainly', () => {
    expect(bakeSummary(report(1)).split('\n')[2]).toBe(
      '**Version 5 passed the bake. Version 5 served 1200 requests over 10m and matched version 4 on every check.**',
    );
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
      threshold: { name: 'alpha spent at this look' },
    });
    expect(check.window).toEqual({
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 10 * MIN).toISOString(),
    });
    expect(log.polls).toHaveLength(1);
  });
});
