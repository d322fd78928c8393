// bake-and-watch's inputs: defaults as action.yml gives them, and every refusal naming the
// input and the form it expects.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseMetricRules } from '../../../src/core/bake/config.js';
import type { TargetState } from '../../../src/core/traffic-target.js';
import { encodeRecord } from '../../../src/core/deployment-record.js';
import {
  INPUT_NAMES,
  parseBakeInputs,
  type RawInputs,
} from '../../../src/bake-and-watch/inputs.js';
import { resolveSubject } from '../../../src/bake-and-watch/resolve.js';

const manifest = parse(
  readFileSync(new URL('../../../actions/bake-and-watch/action.yml', import.meta.url), 'utf8'),
) as { inputs: Record<string, { default?: string }> };
const defaults = Object.fromEntries(
  INPUT_NAMES.map((n) => [n, manifest.inputs[n]?.default ?? '']),
) as RawInputs;
const raw = (over: Partial<RawInputs> = {}): RawInputs => ({
  ...defaults,
  'function-name': 'orders',
  alias: 'live',
  ...over,
});

describe('parseBakeInputs', () => {
  it('documents every input in action.yml and reads its defaults', () => {
    expect(Object.keys(manifest.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    const i = parseBakeInputs(raw());
    expect(i.config).toEqual({
      bakeTimeMs: 600_000,
      maxBakeTimeMs: 1_800_000,
      periodS: 60,
      minInvocations: 100,
      significance: 0.01,
      rules: [
        { name: 'error-rate', tolerance: 0 },
        { name: 'duration-p99', tolerance: 0.2 },
        { name: 'throttle-rate', tolerance: 0 },
      ],
      trafficDrop: 0.9,
      onInconclusive: 'extend',
    });
    expect(i).toMatchObject({
      pollIntervalMs: 10_000,
      onFailure: 'rollback',
      onError: 'fail',
      dryRun: false,
    });
  });

  it('reads the function name CloudWatch uses from an ARN', () => {
    expect(
      parseBakeInputs(
        raw({ 'function-name': 'arn:aws:lambda:eu-west-1:123456789012:function:orders' }),
      ).metricFunctionName,
    ).toBe('orders');
  });

  it('polls every 10s by default, like shift-traffic, and at most once a period', () => {
    expect(parseBakeInputs(raw()).pollIntervalMs).toBe(10_000);
    expect(parseBakeInputs(raw({ period: '10s' })).pollIntervalMs).toBe(10_000);
    expect(parseBakeInputs(raw({ period: '10s', 'poll-interval': '2s' })).pollIntervalMs).toBe(
      2_000,
    );
    expect(() => parseBakeInputs(raw({ period: '5s' }))).toThrow(/Input 'poll-interval' is '10s'/);
  });

  it.each<[Partial<RawInputs>, string]>([
    [
      { 'max-bake-time': '5m' },
      "Input 'max-bake-time' is '5m'; expected a duration at least as long as bake-time.",
    ],
    [
      { period: '45s' },
      "Input 'period' is '45s'; expected a CloudWatch period: 1s, 5s, 10s, 20s, 30s or a multiple of 60s, at most 1d.",
    ],
    [
      { 'poll-interval': '2m' },
      "Input 'poll-interval' is '2m'; expected an interval no longer than period (each period should be looked at).",
    ],
    [
      { significance: '0%' },
      "Input 'significance' is '0%'; expected a false-rollback budget above 0% and at most 20%, such as 1%.",
    ],
    [
      { version: '$LATEST' },
      "Input 'version' is '$LATEST'; expected a published version number from 1 to 2147483647 without leading zeros, such as 42 ($LATEST cannot be used for weighted routing; publish a version first).",
    ],
    [
      { version: '5', 'previous-version': '5' },
      "Input 'previous-version' is '5'; expected a version other than version (5).",
    ],
    [{ 'on-failure': 'ignore' }, "Input 'on-failure' is 'ignore'; expected one of rollback, halt."],
    [{ 'dry-run': 'yes' }, "Input 'dry-run' is 'yes'; expected true or false."],
    [
      { 'bake-time': '10m', 'max-bake-time': '6d', period: '1h' },
      "Input 'max-bake-time' is '6d'; expected a duration from 1s to 5d (no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one).",
    ],
    [
      { 'poll-interval': '500ms' },
      "Input 'poll-interval' is '500ms'; expected a duration from 1s to 1d.",
    ],
    [
      { 'bake-time': '3d', 'max-bake-time': '3d', period: '2d' },
      "Input 'period' is '2d'; expected a CloudWatch period: 1s, 5s, 10s, 20s, 30s or a multiple of 60s, at most 1d.",
    ],
    [
      { 'function-name': 'orders:$LATEST' },
      "Input 'function-name' is 'orders:$LATEST'; expected a Lambda function name of 1 to 64 letters, digits, - and _ such as orders-api, or its ARN or partial ARN (123456789012:function:orders-api), at most 140 characters in all, without a version or alias qualifier; ':$LATEST' is a qualifier: give the alias in 'alias'.",
    ],
    [
      { 'previous-version': '0' },
      "Input 'previous-version' is '0'; expected a published version number from 1 to 2147483647 without leading zeros, such as 42.",
    ],
    [
      { period: '1s', 'poll-interval': '1s', 'max-bake-time': '3h', 'bake-time': '1h' },
      "Input 'max-bake-time' is '3h'; expected a shorter bake or a longer period: one poll would read 237622 datapoints, over GetMetricData's 100800.",
    ],
  ])('refuses %j', (over, message) => {
    expect(() => parseBakeInputs(raw(over))).toThrow(message);
  });
});

describe('parseMetricRules', () => {
  it('reads one comparison per line with its tolerance', () => {
    expect(parseMetricRules('metrics', 'error-rate +25%\n\nduration-p99 +10.5%')).toEqual([
      { name: 'error-rate', tolerance: 0.25 },
      { name: 'duration-p99', tolerance: 0.105 },
    ]);
  });

  it.each([
    [
      'error-rate -10%',
      "Input 'metrics' is 'error-rate -10%'; expected '+<tolerance>%': a higher error-rate is what is worse.",
    ],
    ['cpu +10%', "Input 'metrics' is 'cpu +10%'"],
    ['error-rate +1%\nerror-rate +2%', "Input 'metrics' is 'error-rate +2%'"],
    ['', "Input 'metrics' is empty"],
  ])('refuses %j', (text, message) => {
    expect(() => parseMetricRules('metrics', text)).toThrow(message);
  });
});

describe('resolveSubject', () => {
  const state = (over: Partial<TargetState>): TargetState => ({
    name: 'orders:live',
    primaryVersion: '4',
    token: 'r1',
    record: '',
    ...over,
  });
  const T = Date.UTC(2026, 0, 5, 10);

  it('judges the canary of a split alias against its primary, in the same periods', () => {
    const s = resolveSubject(state({ additional: { version: '5', weight: 0.1 } }), {}, T);
    expect(s).toMatchObject({
      version: '5',
      previousVersion: '4',
      baselineSource: 'concurrent',
      deployStart: T,
      notes: [],
    });
  });

  it("gives the traffic-share check the canary's weight, holding from when the alias was read", () => {
    const s = resolveSubject(state({ additional: { version: '5', weight: 0.1 } }), {}, T, T + 300);
    expect(s.routedWeight).toEqual({ weight: 0.1, since: T + 300 });
  });

  it('takes when the weight was set from the deployment record, when it is the weight on the alias', () => {
    const record = (stepWeight: number) =>
      encodeRecord({
        previousVersion: '4',
        version: '5',
        strategy: 'canary 10% 5m',
        startedAt: T - 600_000,
        status: 'in-progress',
        stepWeight,
        stepStartedAt: T - 300_000,
      });
    const split = { additional: { version: '5', weight: 0.1 } };
    expect(resolveSubject(state({ ...split, record: record(0.1) }), {}, T, T).routedWeight).toEqual(
      { weight: 0.1, since: T - 300_000 },
    );
    // A record of another weight says nothing about this one.
    expect(resolveSubject(state({ ...split, record: record(0.5) }), {}, T, T).routedWeight).toEqual(
      { weight: 0.1, since: T },
    );
  });

  it('after a full shift, takes the baseline from the deployment record and its metrics before the deployment', () => {
    const description = encodeRecord({
      previousVersion: '4',
      version: '5',
      strategy: 'linear',
      startedAt: T - 600_000,
      status: 'succeeded',
    });
    const s = resolveSubject(state({ primaryVersion: '5', record: description }), {}, T);
    expect(s).toMatchObject({
      version: '5',
      previousVersion: '4',
      baselineSource: 'before',
      deployStart: T - 600_000,
    });
    // Nothing to share: the new version serves every call.
    expect(s.routedWeight).toBeUndefined();
  });

  it('refuses to guess a baseline for an unsplit alias with no record', () => {
    expect(() => resolveSubject(state({ primaryVersion: '5' }), {}, T)).toThrow(
      /^Input 'previous-version' is empty; expected the version to compare with: orders:live is at version 5 at 100% and has no deployment record/,
    );
  });

  it('notes a version the alias sends no traffic to', () => {
    const s = resolveSubject(state({}), { version: '5', previousVersion: '4' }, T);
    expect(s.notes[0]).toBe(
      'The alias routes no traffic to version 5 (version 4 at 100%): the bake cannot pass on no evidence.',
    );
  });
});
