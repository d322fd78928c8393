import { aliasCommands } from '../../../src/adapters/lambda/commands.js';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/core/input-error.js';
import { parseStrategy, schedule } from '../../../src/core/strategy.js';
import { parseShiftInputs, type RawInputs } from '../../../src/shift-traffic/inputs.js';
import {
  renderSummary,
  type SummaryInput,
  type TimelineEntry,
  weightGrid,
} from '../../../src/shift-traffic/summary.js';
import type { ShiftOutcome } from '../../../src/core/shift.js';

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  'function-name': 'orders',
  'take-over': '',
  functions: '',
  'cell-name': 'cell',
  alias: 'live',
  version: '4',
  strategy: 'canary 10% 5m',
  alarms: 'orders-v4-errors',
  'alarm-prefixes': '',
  'poll-interval': '10s',
  'before-traffic': '',
  'after-traffic': '',
  'hook-timeout': '5m',
  'provisioned-concurrency-timeout': '5m',
  'on-failure': 'rollback',
  'compare-metrics': 'false',
  metrics: 'error-rate +0%\nduration-p99 +20%\nthrottle-rate +0%\n',
  significance: '1%',
  'min-invocations': '100',
  'traffic-drop': '90%',
  period: '60s',
  'github-token': '',
  environment: '',
  region: '',
  ...overrides,
});

describe('shift-traffic inputs', () => {
  it('reads the action.yml defaults into a plan, a selection and a poll interval', () => {
    const inputs = parseShiftInputs(raw());
    expect(inputs).toMatchObject({
      functionName: 'orders',
      version: '4',
      alarms: { names: ['orders-v4-errors'], prefixes: [] },
      pollIntervalMs: 10_000,
      hookTimeoutMs: 300_000,
      onFailure: 'rollback',
    });
    expect(inputs.plan.steps).toHaveLength(2);
  });

  it.each([
    [{ version: '$LATEST' }, /Input 'version' is '\$LATEST'/],
    [{ version: '' }, /Input 'version' is empty/],
    [{ 'function-name': '' }, /Input 'function-name' is empty; expected a Lambda function name/],
    [{ 'function-name': 'orders:4' }, /without a version or alias qualifier/],
    [
      { alias: '7' },
      /Input 'alias' is '7'; expected a Lambda alias name such as live .*not a version number/,
    ],
    [
      { 'poll-interval': '100ms' },
      /Input 'poll-interval' is '100ms'; expected a duration from 1s to 5m/,
    ],
    [{ 'on-failure': 'ignore' }, /Input 'on-failure' is 'ignore'; expected one of rollback, halt/],
    [{ 'hook-timeout': '1h' }, /Input 'hook-timeout' is '1h'; expected a duration from 1s to 15m/],
    [{ 'before-traffic': 'run "x' }, /Input 'before-traffic'/],
    [
      { 'function-name': 'arn:aws:lambda:eu-west-1:123456789012:function:orders:live' },
      /expected a Lambda function name .*; ':live' is a qualifier: give the alias in 'alias'\.$/,
    ],
    [{ version: '04' }, /Input 'version' is '04'; expected a published version number from 1/],
    [
      { strategy: 'canary 10% 6d' },
      /Input 'strategy' is 'canary 10% 6d'; expected a hold of at most 5d/,
    ],
    [
      { strategy: 'canary 10% 30s', 'poll-interval': '1m' },
      /^Input 'poll-interval' is '1m'; expected an interval no longer than the strategy's shortest hold \(30s\), so every hold is watched\.$/,
    ],
  ])('refuses %j before any AWS call', (overrides, message) => {
    expect(() => parseShiftInputs(raw(overrides as Partial<RawInputs>))).toThrow(InputError);
    expect(() => parseShiftInputs(raw(overrides as Partial<RawInputs>))).toThrow(message);
  });
});

describe('shift-traffic compare-metrics inputs', () => {
  it('is off by default: metrics, significance and period are not read', () => {
    expect(parseShiftInputs(raw({ metrics: 'nonsense', period: '7s' })).evidence).toBeUndefined();
  });

  it('reads the bake-and-watch grammar and defaults when on', () => {
    expect(parseShiftInputs(raw({ 'compare-metrics': 'true' })).evidence).toEqual({
      rules: [
        { name: 'error-rate', tolerance: 0 },
        { name: 'duration-p99', tolerance: 0.2 },
        { name: 'throttle-rate', tolerance: 0 },
      ],
      significance: 0.01,
      periodS: 60,
      minInvocations: 100,
      trafficDrop: 0.9,
    });
    expect(
      parseShiftInputs(
        raw({
          'compare-metrics': 'true',
          metrics: 'error-rate +20%',
          significance: '5%',
          'min-invocations': '20',
          'traffic-drop': '50%',
          period: '5s',
        }),
      ).evidence,
    ).toEqual({
      rules: [{ name: 'error-rate', tolerance: 0.2 }],
      significance: 0.05,
      periodS: 5,
      minInvocations: 20,
      trafficDrop: 0.5,
    });
  });

  it.each([
    [{ 'compare-metrics': 'maybe' }, /Input 'compare-metrics' is 'maybe'/],
    [{ metrics: 'error-rate -5%' }, /Input 'metrics' is 'error-rate -5%'/],
    [{ metrics: 'latency +5%' }, /Input 'metrics' is 'latency \+5%'/],
    [{ significance: '0%' }, /Input 'significance' is '0%'; expected a false-rollback budget/],
    [{ period: '7s' }, /Input 'period' is '7s'; expected a CloudWatch period/],
    [{ 'min-invocations': '0' }, /Input 'min-invocations' is '0'/],
    [{ 'traffic-drop': '100%' }, /Input 'traffic-drop' is '100%'; expected a percentage above 0%/],
    [
      { period: '1s', strategy: 'linear 10% every 30m' },
      /Input 'period' is '1s'; expected a longer period for this plan: one look would read \d+ datapoints/,
    ],
    [
      { strategy: 'canary 10% 30s' },
      /^Input 'period' is '60s'; expected a period no longer than the strategy holds in all \(30s\), so the evidence can be judged during the shift\.$/,
    ],
  ])('with compare-metrics true, refuses %j before any AWS call', (overrides, message) => {
    const bad = raw({ 'compare-metrics': 'true', ...(overrides as Partial<RawInputs>) });
    expect(() => parseShiftInputs(bad)).toThrow(InputError);
    expect(() => parseShiftInputs(bad)).toThrow(message);
  });
});

describe('the job summary', () => {
  const start = Date.UTC(2026, 0, 5, 10, 0, 0);
  const plan = parseStrategy('canary 10% 5m');
  const base: SummaryInput = {
    functionName: 'orders',
    alias: 'live',
    commands: aliasCommands('orders', 'live'),
    previousVersion: '3',
    version: '4',
    plan,
    schedule: schedule(plan, start),
    startedAt: start,
    endedAt: start + 90_000,
    timeline: [
      { at: start, weight: 0, what: 'Start: version 3 at 100%' },
      { at: start + 1000, weight: 0.1, what: 'Shifted: version 3 at 90% and version 4 at 10%' },
      { at: start + 90_000, weight: 0, what: 'Restored: version 3 at 100%' },
    ],
    noData: [],
    watchedNothing: false,
  };

  const state = {
    name: 'orders:live',
    primaryVersion: '3',
    token: 'r',
    record: '',
  };
  const rolledBack: ShiftOutcome = {
    status: 'rolled-back',
    cause: {
      kind: 'guard',
      guard: 'alarms',
      reason: 'alarm in ALARM: orders-v4-errors (3 errors)',
      weight: 0.1,
    },
    state,
  };

  /** The weight chart's x labels and its one line, as mermaid reads them. */
  function chart(md: string): { labels: string[]; line: number[] } {
    const axis = /x-axis (?:"[^"]*" )?\[(.*)\]/.exec(md)![1];
    return {
      labels: [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]),
      line: /^ {2}line \[(.*)\]$/m.exec(md)![1].split(', ').map(Number),
    };
  }

  it('starts with the verdict, then its reason, the plan, the timeline and a chart of weight over time', () => {
    const text = renderSummary(rolledBack, base);
    const lines = text.split('\n');
    expect(lines[2]).toBe(
      '**Rolled back: orders:live is fully on version 3 again because an alarm fired.**',
    );
    expect(text).toContain('| Reason | alarm in ALARM: orders-v4-errors (3 errors) (at 10%) |');
    expect(text).toContain('| Alias now | version 3 at 100% |');
    expect(text).toContain('| Took | 1m30s |');
    expect(text.indexOf('| Reason |')).toBeLessThan(text.indexOf('### Plan'));
    expect(text.indexOf('### Plan')).toBeLessThan(text.indexOf('### Timeline'));
    expect(text).toContain('| 1 | 10% | 5m | 10:00:00 |');
    expect(text).toContain(
      '| 10:00:01 | +1.0s | 10% | Shifted: version 3 at 90% and version 4 at 10% |',
    );
    // 90 s on a 2 s grid: 46 points, the weight read off the timeline at each.
    expect(text).toContain(
      'x-axis "time since the start, one point every 2s" ["+0s", "+2s", "+4s",',
    );
    const { labels, line } = chart(text);
    expect(labels).toHaveLength(46);
    expect(labels.at(-1)).toBe('+1m30s');
    expect(line).toEqual([0, ...Array(44).fill(10), 0]);
  });

  it('keeps the headline to one sentence whatever the cause says; the Reason row has it all', () => {
    const long = 'x'.repeat(400);
    const outcomes: ShiftOutcome[] = [
      { status: 'refused', cause: { kind: 'error', reason: long, weight: 0 }, state },
      { ...rolledBack, cause: { kind: 'hook', phase: 'after-traffic', reason: long, weight: 1 } },
      { status: 'halted', cause: { kind: 'cancelled', reason: long, weight: 0.1 }, state },
    ];
    for (const outcome of outcomes) {
      const text = renderSummary(outcome, base);
      const head = text.split('\n')[2];
      expect(head).toMatch(/^\*\*[^.]+\.\*\*$/);
      expect(head).not.toContain(long);
      expect(text).toContain(`| Reason | `);
      expect(text).toContain(long);
    }
  });

  it('a halt puts the restore command in its own block, not in the headline', () => {
    const halted: ShiftOutcome = {
      status: 'halted',
      cause: { kind: 'guard', guard: 'alarms', reason: 'alarm in ALARM', weight: 0.1 },
      state: { ...state, additional: { version: '4', weight: 0.1 } },
    };
    const text = renderSummary(halted, base);
    expect(text.split('\n')[2]).toBe(
      '**Halted because an alarm fired: orders:live is left where it was, as on-failure: halt asks.**',
    );
    expect(text).toContain('### Restore version 3 by hand, or re-run to resume');
    expect(text).toMatch(/```sh\naws lambda update-alias --function-name orders --name live/);
  });

  it('a success says when no alarm had data, instead of calling it a clean pass', () => {
    const text = renderSummary(
      {
        status: 'succeeded',
        state: {
          name: 'orders:live',
          primaryVersion: '4',
          token: 'r',
          record: '',
        },
      },
      { ...base, noData: ['orders-v4-errors'] },
    );
    expect(text.split('\n')[2]).toBe(
      '**Version 4 now takes all traffic of orders:live (was version 3), shifted by "canary 10% 5m"; an alarm had no data at times.**',
    );
    expect(text).toContain(
      '| Alarms | No alarm fired, but orders-v4-errors had no data at some point and watched nothing then. |',
    );
  });
});

describe('the weight chart', () => {
  const start = Date.UTC(2026, 0, 5, 10, 0, 0);
  const entry = (ms: number, weight: number): TimelineEntry => ({
    at: start + ms,
    weight,
    what: '',
  });

  it('is proportional to time: a 5-minute hold is wide and a 1-second gap is not', () => {
    // Shifted 1 s after the start, held 5 minutes, promoted, done 1 s later.
    const timeline = [entry(0, 0), entry(1000, 0.1), entry(301_000, 1), entry(302_000, 1)];
    const { stepMs, points } = weightGrid(timeline, start, start + 302_000);
    expect(stepMs).toBe(10_000);
    expect(points.length).toBeLessThanOrEqual(60);
    const at = (w: number): number => points.filter((p) => p.weight === w).length;
    expect(at(0)).toBe(1);
    expect(at(0.1)).toBe(30);
    expect(at(1)).toBe(1);
  });

  it('has distinct labels, evenly spaced in time, even when events share a second', () => {
    const timeline = [
      entry(0, 0),
      entry(1000, 0.1),
      entry(1000, 0.1),
      entry(1200, 0.2),
      entry(1400, 0),
      entry(1400, 0),
    ];
    const text = renderSummary(
      {
        status: 'rolled-back',
        cause: { kind: 'error', reason: 'throttled', weight: 0.2 },
        state: {
          name: 'orders:live',
          primaryVersion: '3',
          token: 'r',
          record: '',
        },
      },
      {
        functionName: 'orders',
        alias: 'live',
        commands: aliasCommands('orders', 'live'),
        previousVersion: '3',
        version: '4',
        plan: parseStrategy('linear 10% every 1m'),
        schedule: [],
        startedAt: start,
        endedAt: start + 4000,
        timeline,
        noData: [],
        watchedNothing: false,
      },
    );
    const axis = /x-axis "[^"]*" \[(.*)\]/.exec(text)![1];
    const labels = [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['+0s', '+1s', '+2s', '+3s', '+4s']);
    expect(text).toContain('line [0, 10, 0, 0, 0]');
  });

  it('keeps a long shift to at most 60 points on a round step', () => {
    // linear 10% every 30m: ten steps over five hours.
    const timeline = Array.from({ length: 11 }, (_, i) =>
      entry(i * 30 * 60_000, Math.min(1, i / 10)),
    );
    const { stepMs, points } = weightGrid(timeline, start, start + 5 * 3600_000);
    // 5 minutes would take 61 points: the next round step is 10 minutes.
    expect(stepMs).toBe(600_000);
    expect(points).toHaveLength(31);
    expect(points.map((p) => p.weight).slice(0, 4)).toEqual([0, 0, 0, 0.1]);
    const gaps = points.slice(1).map((p, i) => p.at - points[i].at);
    expect(new Set(gaps)).toEqual(new Set([stepMs]));
  });
});

describe('take-over', () => {
  it('is empty by default: a run never takes over on its own', () => {
    expect(parseShiftInputs(raw()).takeOver).toBeUndefined();
  });

  it('takes the run id named in a refusal', () => {
    expect(parseShiftInputs(raw({ 'take-over': ' 7001234567 ' })).takeOver).toBe('7001234567');
  });

  it('refuses anything that could never name a run, naming the input', () => {
    expect(() => parseShiftInputs(raw({ 'take-over': 'yes' }))).toThrow("Input 'take-over'");
  });
});
