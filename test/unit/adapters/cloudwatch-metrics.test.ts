// The metrics adapter: one GetMetricData call per poll, per-version dimension sets,
// NextToken followed, PartialData and Messages reported, periods zero-filled.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  bakeQueries,
  datapointsPerPoll,
  readBakeMetrics,
} from '../../../src/adapters/cloudwatch-metrics.js';
import { QUERIES_PER_POLL, seriesFor } from '../../../src/core/bake/metric-limits.js';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const target = {
  functionName: 'orders',
  alias: 'live',
  version: '5',
  previousVersion: '4',
  periodS: 60,
};
const T = Date.UTC(2026, 0, 5, 10, 0, 0);
const window = { start: T, end: T + 3 * 60_000 };

beforeEach(() => {
  cw.reset();
});

describe('bakeQueries', () => {
  it('reads each version through {FunctionName, Resource=function:alias, ExecutedVersion} and the alias as a whole', () => {
    const q = bakeQueries(target);
    expect(q).toHaveLength(9);
    expect(q.find((x) => x.Id === 'v_err')!.MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: 'orders' },
          { Name: 'Resource', Value: 'orders:live' },
          { Name: 'ExecutedVersion', Value: '5' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    });
    expect(q.find((x) => x.Id === 'b_p99')!.MetricStat!.Stat).toBe('p99');
    expect(q.find((x) => x.Id === 'b_p99')!.MetricStat!.Metric!.Dimensions![2]).toEqual({
      Name: 'ExecutedVersion',
      Value: '4',
    });
    expect(q.find((x) => x.Id === 'a_inv')!.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'FunctionName', Value: 'orders' },
      { Name: 'Resource', Value: 'orders:live' },
    ]);
  });

  it('asks only for the series the enabled checks read: no p99 without duration-p99', () => {
    const ids = (series: Parameters<typeof seriesFor>[0]) =>
      bakeQueries({ ...target, series: seriesFor(series) }).map((q) => q.Id);
    expect(ids([{ name: 'error-rate' }])).toEqual(['v_inv', 'v_err', 'b_inv', 'b_err', 'a_inv']);
    expect(ids([{ name: 'error-rate' }, { name: 'throttle-rate' }])).not.toContain('v_p99');
    expect(ids([{ name: 'duration-p99' }])).toEqual(['v_inv', 'v_p99', 'b_inv', 'b_p99', 'a_inv']);
    // And the two slow-call counts once a threshold is set: QUERIES_PER_POLL in all.
    expect(bakeQueries(target)).toHaveLength(QUERIES_PER_POLL - 2);
  });

  it('reads a series it did not ask for as empty', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const out = await readBakeMetrics(
      client,
      { ...target, series: seriesFor([{ name: 'error-rate' }]) },
      window,
    );
    const sent = cw.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!;
    expect(sent.map((q) => q.Id)).not.toContain('v_p99');
    expect(out.periods.every((p) => p.version.p99 === undefined)).toBe(true);
  });

  it('counts the datapoints a poll may return', () => {
    expect(datapointsPerPoll(window, 60)).toBe(33);
  });
});

describe('readBakeMetrics', () => {
  it('sends every query in one call over the window; a period without data before a published one is zero', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'v_inv',
          StatusCode: 'Complete',
          Timestamps: [new Date(T), new Date(T + 120_000)],
          Values: [100, 80],
        },
        { Id: 'v_err', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [3] },
        { Id: 'v_p99', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [250] },
        { Id: 'b_inv', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [900] },
        { Id: 'a_inv', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [1000] },
      ],
    });
    const r = await readBakeMetrics(client, target, window);
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.MetricDataQueries).toHaveLength(9);
    expect(calls[0].args[0].input.StartTime).toEqual(new Date(window.start));
    expect(calls[0].args[0].input.EndTime).toEqual(new Date(window.end));
    expect(r.partial).toBe(false);
    expect(r.periods.map((p) => p.start)).toEqual([T, T + 60_000, T + 120_000]);
    expect(r.periods[0]).toEqual({
      start: T,
      version: { invocations: 100, errors: 3, throttles: 0, p99: 250 },
      baseline: { invocations: 900, errors: 0, throttles: 0 },
      aliasInvocations: 1000,
    });
    expect(r.periods[1].version).toEqual({ invocations: 0, errors: 0, throttles: 0 });
    expect(r.periods[2].version.invocations).toBe(80);
  });

  it('follows NextToken and reports PartialData and Messages', async () => {
    cw.on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({
        NextToken: 'page-2',
        Messages: [{ Code: 'MaxDatapointsExceeded', Value: 'too many' }],
        MetricDataResults: [
          { Id: 'v_inv', StatusCode: 'PartialData', Timestamps: [new Date(T)], Values: [10] },
        ],
      })
      .on(GetMetricDataCommand, { NextToken: 'page-2' })
      .resolves({
        MetricDataResults: [
          { Id: 'v_inv', StatusCode: 'Complete', Timestamps: [new Date(T + 60_000)], Values: [20] },
        ],
      });
    const r = await readBakeMetrics(client, target, window);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    expect(r.partial).toBe(true);
    expect(r.messages).toEqual(['MaxDatapointsExceeded: too many']);
    // The third period has no datapoint on any series: not published yet, so not there.
    expect(r.periods.map((p) => p.version.invocations)).toEqual([10, 20]);
  });

  it('leaves out the periods after the newest datapoint: not published yet is unknown, not zero', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        // The version served nothing, but the baseline's periods show CloudWatch published them.
        { Id: 'b_inv', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [900] },
        { Id: 'a_inv', StatusCode: 'Complete', Timestamps: [new Date(T)], Values: [900] },
      ],
    });
    const r = await readBakeMetrics(client, target, window);
    expect(r.periods).toEqual([
      {
        start: T,
        version: { invocations: 0, errors: 0, throttles: 0 },
        baseline: { invocations: 900, errors: 0, throttles: 0 },
        aliasInvocations: 900,
      },
    ]);
  });

  it('lets a throttled call fail: the bake records Error, not a bad canary', async () => {
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(readBakeMetrics(client, target, window)).rejects.toThrow('Rate exceeded');
  });

  it('sets the latency threshold from the baseline p99 before the deployment, without counting at it yet', async () => {
    // Periods 0 and 1 are before the deployment: the baseline's p99 there, 80 and 120 ms,
    // sets the threshold at their median, 100 ms. Period 2 is the bake.
    const at = [new Date(T), new Date(T + 60_000), new Date(T + 120_000)];
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'v_inv', Timestamps: [at[2]], Values: [200] },
        { Id: 'b_inv', Timestamps: at, Values: [1000, 1000, 800] },
        { Id: 'b_p99', Timestamps: at, Values: [80, 120, 300] },
        { Id: 'a_inv', Timestamps: at, Values: [1000, 1000, 1000] },
      ],
    });
    const r = await readBakeMetrics(client, target, { ...window, beforeEnd: T + 120_000 });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.MetricDataQueries!.map((q) => q.Id)).not.toContain('v_slow');
    expect(r.latencyThreshold).toEqual({ ms: 100 });
    expect(r.slowerThanMs).toBeUndefined();
    expect(r.periods[2].version.slow).toBeUndefined();
  });

  it('counts the calls slower than a threshold an earlier read set, in the same call', async () => {
    const at = [new Date(T), new Date(T + 60_000), new Date(T + 120_000)];
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'v_inv', Timestamps: [at[2]], Values: [200] },
        { Id: 'b_inv', Timestamps: at, Values: [1000, 1000, 800] },
        { Id: 'v_slow', Timestamps: [at[2]], Values: [7] },
        { Id: 'b_slow', Timestamps: [at[0], at[1]], Values: [3, 15] },
      ],
    });
    const threshold = { ms: 100, setUntil: T + 60_000 };
    const r = await readBakeMetrics(client, target, {
      ...window,
      beforeEnd: T + 120_000,
      latencyThreshold: threshold,
    });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    const sent = calls[0].args[0].input.MetricDataQueries!;
    expect(sent).toHaveLength(QUERIES_PER_POLL);
    const slow = sent.filter((q) => q.Id!.endsWith('_slow'));
    expect(slow.map((q) => [q.Id, q.MetricStat!.Metric!.MetricName, q.MetricStat!.Stat])).toEqual([
      ['v_slow', 'Duration', 'TC(100:)'],
      ['b_slow', 'Duration', 'TC(100:)'],
    ]);
    expect(slow[0].MetricStat!.Metric!.Dimensions![2]).toEqual({
      Name: 'ExecutedVersion',
      Value: '5',
    });
    expect(r.slowerThanMs).toBe(100);
    expect(r.slowerThanSetUntil).toBe(T + 60_000);
    expect(r.latencyThreshold).toEqual(threshold);
    // A published period without a slow call has no TC datapoint: zero, like the other counts.
    expect(r.periods.map((p) => [p.version.slow, p.baseline.slow])).toEqual([
      [0, 3],
      [0, 15],
      [7, 0],
    ]);
  });

  it('sets no threshold when nothing has 100+ calls on the baseline, or duration-p99 is off', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'b_inv', Timestamps: [new Date(T)], Values: [50] }],
    });
    const r = await readBakeMetrics(client, target, { ...window, beforeEnd: T + 120_000 });
    expect(r.latencyThreshold).toBeUndefined();
    cw.reset();
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'b_inv', Timestamps: [new Date(T)], Values: [1000] },
        { Id: 'b_p99', Timestamps: [new Date(T)], Values: [100] },
      ],
    });
    const off = { ...target, series: seriesFor([{ name: 'error-rate' }]) };
    const none = await readBakeMetrics(client, off, {
      ...window,
      beforeEnd: T + 120_000,
      latencyThreshold: { ms: 100 },
    });
    const sent = cw.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!;
    expect(sent.map((q) => q.Id)).not.toContain('v_slow');
    expect(none.latencyThreshold).toBeUndefined();
  });

  it('makes no call for an empty window', async () => {
    const r = await readBakeMetrics(client, target, { start: T, end: T });
    expect(r.periods).toEqual([]);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
