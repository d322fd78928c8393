import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/core/input-error.js';
import { parseStrategy, schedule } from '../../../src/core/strategy.js';
import { parseShiftInputs, type RawInputs } from '../../../src/shift-traffic/inputs.js';
import { renderSummary, type SummaryInput } from '../../../src/shift-traffic/summary.js';

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  'function-name': 'orders',
  'take-over': '',
  alias: 'live',
  version: '4',
  strategy: 'canary 10% 5m',
  alarms: 'orders-v4-errors',
  'alarm-prefixes': '',
  'poll-interval': '10s',
  'before-traffic': '',
  'after-traffic': '',
  'hook-timeout': '5m',
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

  it('starts with the verdict, then the plan, the timeline and a chart of weight over time', () => {
    const text = renderSummary(
      {
        status: 'rolled-back',
        cause: {
          kind: 'guard',
          guard: 'alarms',
          reason: 'alarm in ALARM: orders-v4-errors (3 errors)',
          weight: 0.1,
        },
        alias: {
          functionName: 'orders',
          alias: 'live',
          primaryVersion: '3',
          revisionId: 'r',
          description: '',
        },
      },
      base,
    );
    const lines = text.split('\n');
    expect(lines[2]).toBe(
      '**Rolled back: orders:live is fully on version 3 again because alarm in ALARM: orders-v4-errors (3 errors) (at 10%).**',
    );
    expect(text.indexOf('### Plan')).toBeLessThan(text.indexOf('### Timeline'));
    expect(text).toContain('| 1 | 10% | 5m | 10:00:00 |');
    expect(text).toContain(
      '| 10:00:01 | +1.0s | 10% | Shifted: version 3 at 90% and version 4 at 10% |',
    );
    expect(text).toContain('x-axis ["+0.0s", "+1.0s", "+1.0s", "+1m30s", "+1m30s"]');
    expect(text).toContain('line [0, 0, 10, 10, 0]');
  });

  it('a success says when no alarm had data, instead of calling it a clean pass', () => {
    const text = renderSummary(
      {
        status: 'succeeded',
        alias: {
          functionName: 'orders',
          alias: 'live',
          primaryVersion: '4',
          revisionId: 'r',
          description: '',
        },
      },
      { ...base, noData: ['orders-v4-errors'] },
    );
    expect(text).toContain(
      'No alarm fired, but orders-v4-errors had no data at some point and watched nothing then.',
    );
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
