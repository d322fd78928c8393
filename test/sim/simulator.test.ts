import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('startSimulator: the fluent set-up an e2e test needs', () => {
  it('sets up two versions, a weighted alias, alarms and traffic in a few lines', async () => {
    sim = await startSimulator({ clock: 'virtual' });
    await sim.lambda.createFunctionWithVersions('orders', 2, {
      models: [
        { errorRate: 0, latencyMs: 10 },
        { errorRate: 0.5, latencyMs: 10 },
      ],
    });
    sim.lambda.createAlias('orders', 'live', '1', { '2': 0.5 });
    sim.cloudwatch.putMetricAlarm({
      AlarmName: 'orders-v2-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: 'orders' },
        { Name: 'Resource', Value: 'orders:live' },
        { Name: 'ExecutedVersion', Value: '2' },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    sim.traffic.start({ functionName: 'orders', qualifier: 'live', ratePerSecond: 2 });
    await sim.clock.sleep(3 * 60_000); // code under test sleeping on sim.clock moves time too
    expect(sim.cloudwatch.alarmState('orders-v2-errors')).toBe('ALARM');

    // The env a child process needs, used here by in-process clients.
    const env = sim.env;
    expect(Object.keys(env).sort()).toEqual(
      [
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL_CLOUDWATCH',
        'AWS_ENDPOINT_URL_LAMBDA',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'GITHUB_API_URL',
      ].sort(),
    );
    const credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
    };
    const lambda = new LambdaClient({
      endpoint: env.AWS_ENDPOINT_URL_LAMBDA,
      region: env.AWS_REGION,
      credentials,
    });
    const cw = new CloudWatchClient({
      endpoint: env.AWS_ENDPOINT_URL_CLOUDWATCH,
      region: env.AWS_REGION,
      credentials,
    });
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: {} },
        RevisionId: alias.RevisionId,
      }),
    );
    const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'orders-' }));
    expect(alarms.MetricAlarms?.[0]?.StateValue).toBe('ALARM');

    expect(sim.calls.counts()).toEqual({
      'Lambda.GetAlias': 1,
      'Lambda.UpdateAlias': 1,
      'CloudWatch.DescribeAlarms': 1,
    });
    expect(sim.calls.list({ operation: 'UpdateAlias' })[0]!.params).toMatchObject({
      FunctionName: 'orders',
      Name: 'live',
      FunctionVersion: '1',
    });
    expect(sim.lambda.aliasHistory('orders', 'live').map((h) => h.weights)).toEqual([
      { '2': 0.5 },
      {},
    ]);
    lambda.destroy();
    cw.destroy();
  });

  it('serves the control API over HTTP under /_sim/', async () => {
    sim = await startSimulator({ clock: 'virtual' });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sim!.url}/_sim${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await call('POST', '/functions', { name: 'orders', versions: 2 })).body).toEqual({
      versions: ['1', '2'],
    });
    await call('POST', '/functions/orders/aliases', {
      name: 'live',
      version: '1',
      weights: { '2': 0.1 },
    });
    await call('PUT', '/functions/orders/versions/2/model', { errorRate: 1 });
    const traffic = await call('POST', '/traffic', {
      functionName: 'orders',
      qualifier: 'live',
      ratePerSecond: 10,
      seed: 3,
    });
    expect(traffic.status).toBe(200);
    await call('POST', '/alarms/metric', {
      AlarmName: 'any-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect((await call('POST', '/clock/advance', { ms: 60_000 })).body.now).toBe(sim.clock.now());
    const history = (await call('GET', '/alarm-history?alarm=any-errors')).body as unknown as {
      to: string;
    }[];
    expect(history.map((h) => h.to)).toEqual(['ALARM']);
    await call('POST', '/faults', { operation: 'GetAlias', kind: 'throttle', count: 1 });
    expect(((await call('GET', '/faults')).body as unknown as unknown[]).length).toBe(1);
    expect((await call('GET', '/nope')).status).toBe(404);
    expect((await call('PUT', '/functions/ghost/aliases/live', { version: '1' })).status).toBe(404);
  });

  it('runs on the wall clock and stops cleanly, clearing every timer', async () => {
    sim = await startSimulator({
      clock: 'wall',
      metricResolutionSeconds: 1,
      alarmEvaluationIntervalMs: 100,
      trafficTickMs: 50,
    });
    sim.lambda.createFunctionWithVersions('orders', 1);
    sim.lambda.createAlias('orders', 'live', '1');
    const stats = sim.traffic.start({
      functionName: 'orders',
      qualifier: 'live',
      ratePerSecond: 100,
    });
    await sim.clock.sleep(300);
    expect(stats.invocations).toBeGreaterThan(10);
    await sim.stop();
    const after = stats.invocations;
    await new Promise((r) => setTimeout(r, 150));
    expect(stats.invocations).toBe(after);
    sim = undefined;
  });
});
