import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CloudWatchClient, GetMetricDataCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let cw: CloudWatchClient;
const t0 = Date.UTC(2026, 0, 5, 10, 0, 0);

beforeEach(async () => {
  ({ sim, cw } = await simWithClients({ clock: 'virtual', startTime: t0 }));
  sim.lambda.createFunctionWithVersions('orders', 2, {
    models: [
      { errorRate: 0.01, latencyMs: 20, p99LatencyMs: 40 },
      { errorRate: 0.3, latencyMs: 100, p99LatencyMs: 400 },
    ],
  });
  sim.lambda.createAlias('orders', 'live', '1', { '2': 0.2 });
});
afterEach(async () => {
  cw.destroy();
  await sim.stop();
});

const sum = async (
  MetricName: string,
  Dimensions: Dimension[],
  Stat = 'Sum',
  Period = 600,
): Promise<number> => {
  const out = await cw.send(
    new GetMetricDataCommand({
      StartTime: new Date(t0),
      EndTime: new Date(t0 + 600_000),
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName, Dimensions }, Period, Stat },
        },
      ],
    }),
  );
  return out.MetricDataResults![0]!.Values!.reduce((a, b) => a + b, 0);
};

describe('traffic through a weighted alias', () => {
  it('routes each call by the current weights and publishes under the three dimension sets', async () => {
    sim.traffic.start({ functionName: 'orders', qualifier: 'live', ratePerSecond: 10, seed: 7 });
    await sim.advance(600_000);
    const fn = { Name: 'FunctionName', Value: 'orders' };
    const res = { Name: 'Resource', Value: 'orders:live' };
    const ver = (v: string) => ({ Name: 'ExecutedVersion', Value: v });

    expect(await sum('Invocations', [fn])).toBe(6000);
    expect(await sum('Invocations', [fn, res])).toBe(6000);
    const canary = await sum('Invocations', [fn, res, ver('2')]);
    expect(canary / 6000).toBeGreaterThan(0.17);
    expect(canary / 6000).toBeLessThan(0.23);
    expect(canary + (await sum('Invocations', [fn, res, ver('1')]))).toBe(6000);

    // Each version keeps its own error rate and latency: visible only per ExecutedVersion.
    const canaryErrors = await sum('Errors', [fn, res, ver('2')], 'Average');
    expect(canaryErrors).toBeGreaterThan(0.25);
    expect(canaryErrors).toBeLessThan(0.35);
    expect(await sum('Errors', [fn, res, ver('1')], 'Average')).toBeLessThan(0.03);
    const p99 = await sum('Duration', [fn, res, ver('2')], 'p99');
    expect(p99).toBeGreaterThan(250);
    expect(p99).toBeLessThan(600);
    expect(await sum('Duration', [fn, res, ver('1')], 'p50')).toBeCloseTo(20, -1);
  });

  it('follows weight changes as they happen', async () => {
    const stats = sim.traffic.start({
      functionName: 'orders',
      qualifier: 'live',
      ratePerSecond: 5,
    });
    await sim.advance(60_000);
    sim.lambda.setAliasRouting('orders', 'live', '2');
    const before = stats.byVersion['1']!.invocations;
    await sim.advance(60_000);
    expect(stats.byVersion['1']!.invocations).toBe(before);
    expect(stats.byVersion['2']!.invocations + before).toBe(600);
  });

  it('replays identically with the same seed', async () => {
    const a = sim.traffic.start({
      functionName: 'orders',
      qualifier: 'live',
      ratePerSecond: 3,
      seed: 11,
    });
    const b = sim.traffic.start({
      functionName: 'orders',
      qualifier: 'live',
      ratePerSecond: 3,
      seed: 11,
    });
    await sim.advance(120_000);
    expect(a.byVersion).toEqual(b.byVersion);
  });

  it('publishes at a finer resolution for demos, readable with high-resolution periods', async () => {
    sim.invoker.resolutionSeconds = 1;
    sim.traffic.start({ functionName: 'orders', qualifier: 'live', ratePerSecond: 10 });
    await sim.advance(10_000);
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(t0),
        EndTime: new Date(t0 + 10_000),
        MetricDataQueries: [
          {
            Id: 'i',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Invocations',
                Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
              },
              Period: 1,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    expect(out.MetricDataResults![0]!.Values).toEqual(Array(10).fill(10));
  });

  it('counts throttled calls in Throttles, not Invocations', async () => {
    sim.lambda.setModel('orders', '1', { throttleRate: 1 });
    sim.lambda.setAliasRouting('orders', 'live', '1');
    sim.traffic.start({ functionName: 'orders', qualifier: 'live', ratePerSecond: 1 });
    await sim.advance(60_000);
    const fn = [{ Name: 'FunctionName', Value: 'orders' }];
    expect(await sum('Throttles', fn)).toBe(60);
    expect(await sum('Invocations', fn)).toBe(0);
  });
});
