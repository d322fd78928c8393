// "moto speaks what the metrics adapter sends": bake-and-watch's GetMetricData queries (the
// per-version ExecutedVersion dimension sets and the alias-wide Invocations) read back from
// data put with PutMetricData, since moto cannot produce Lambda metrics itself (no Invoke
// without Docker). moto has no percentiles, so the adapter's own call, which asks for p99
// Duration too, is pinned as a gap and the other queries are sent as the adapter builds them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { cloudWatchClient } from '../../src/adapters/aws.js';
import { bakeQueries, readBakeMetrics } from '../../src/adapters/cloudwatch-metrics.js';
import { alignDown } from '../../src/core/bake/observations.js';
import { motoEndpoint, uniqueName } from './moto.js';
import { type MotoGapName, noteMotoGaps } from './moto-gaps.js';

let cloudWatch: CloudWatchClient;
const gaps: MotoGapName[] = ['invoke'];

beforeAll(() => {
  motoEndpoint();
  cloudWatch = cloudWatchClient({ region: 'us-east-1' });
});

afterAll(() => {
  noteMotoGaps(gaps);
  cloudWatch?.destroy();
});

function datum(
  name: string,
  dimensions: Record<string, string>,
  at: number,
  value: number,
): MetricDatum {
  return {
    MetricName: name,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: new Date(at),
    Value: value,
    Unit: name === 'Duration' ? 'Milliseconds' : 'Count',
  };
}

/** One complete period two minutes back (the newest would still be filling on AWS), with data. */
async function bakeData() {
  const functionName = uniqueName('metrics');
  const alias = 'live';
  const resource = { FunctionName: functionName, Resource: `${functionName}:${alias}` };
  const start = alignDown(Date.now(), 60) - 120_000;
  const at = start + 15_000;
  await cloudWatch.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/Lambda',
      MetricData: [
        datum('Invocations', { ...resource, ExecutedVersion: '2' }, at, 50),
        datum('Errors', { ...resource, ExecutedVersion: '2' }, at, 2),
        datum('Duration', { ...resource, ExecutedVersion: '2' }, at, 120),
        datum('Invocations', { ...resource, ExecutedVersion: '1' }, at, 450),
        datum('Errors', { ...resource, ExecutedVersion: '1' }, at, 1),
        datum('Invocations', resource, at, 500),
        // Alias-wide Errors are another dimension set: they must not leak into a version.
        datum('Errors', resource, at, 3),
      ],
    }),
  );
  const target = { functionName, alias, version: '2', previousVersion: '1', periodS: 60 };
  return { target, window: { start, end: start + 60_000 } };
}

describe('moto speaks what the metrics adapter sends', () => {
  it("answers the adapter's per-version and alias-wide queries apart, per aligned period", async () => {
    const { target, window } = await bakeData();
    const queries = bakeQueries(target).filter((q) => q.MetricStat?.Stat !== 'p99');
    const out = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        ScanBy: 'TimestampAscending',
      }),
    );
    const byId = Object.fromEntries(
      (out.MetricDataResults ?? []).map((r) => [
        r.Id,
        { values: r.Values, starts: r.Timestamps?.map((t) => t.getTime()) },
      ]),
    );
    expect(byId).toEqual({
      v_inv: { values: [50], starts: [window.start] },
      v_err: { values: [2], starts: [window.start] },
      v_thr: { values: [], starts: [] },
      b_inv: { values: [450], starts: [window.start] },
      b_err: { values: [1], starts: [window.start] },
      b_thr: { values: [], starts: [] },
      a_inv: { values: [500], starts: [window.start] },
    });
  });

  it('moto gap: a p99 query fails the whole GetMetricData call', async () => {
    const { target, window } = await bakeData();
    await expect(readBakeMetrics(cloudWatch, target, window)).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    gaps.push('percentiles');
  });
});
