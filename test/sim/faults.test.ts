import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchClient,
  CloudWatchServiceException,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetAliasCommand,
  LambdaClient,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let lambda: LambdaClient;
let cw: CloudWatchClient;
beforeEach(async () => {
  ({ sim, lambda, cw } = await simWithClients());
  sim.lambda.createFunctionWithVersions('orders', 1);
  sim.lambda.createAlias('orders', 'live', '1');
});
afterEach(async () => {
  lambda.destroy();
  cw.destroy();
  await sim.stop();
});

const getAlias = () => lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));

describe('faults per operation', () => {
  it('throttles Lambda with TooManyRequestsException 429 and retryAfterSeconds, for a count of calls', async () => {
    sim.faults.add({
      operation: 'Lambda.GetAlias',
      kind: 'throttle',
      count: 2,
      retryAfterSeconds: 3,
    });
    const err = await getAlias().catch((e) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.retryAfterSeconds).toBe('3');
    await expect(getAlias()).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(getAlias()).resolves.toMatchObject({ Name: 'live' });
  });

  it('throttles CloudWatch with the Throttling code, which the SDK treats as throttling', async () => {
    sim.faults.add({ operation: 'DescribeAlarms', kind: 'throttle', count: 1 });
    const err = await cw.send(new DescribeAlarmsCommand({})).catch((e) => e);
    expect(err).toBeInstanceOf(CloudWatchServiceException);
    expect(err.name).toBe('Throttling');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('the SDK retries a throttled call and succeeds when retries are allowed', async () => {
    const retrying = new CloudWatchClient({ ...sim.clientConfig(), maxAttempts: 3 });
    sim.faults.add({ operation: 'DescribeAlarms', kind: 'throttle', count: 1 });
    await expect(retrying.send(new DescribeAlarmsCommand({}))).resolves.toBeDefined();
    expect(sim.calls.list({ operation: 'DescribeAlarms' }).map((c) => c.status)).toEqual([
      400, 200,
    ]);
    retrying.destroy();
  });

  it('answers 500s', async () => {
    sim.faults.add({ operation: 'GetAlias', kind: 'server-error', count: 1 });
    const err = await getAlias().catch((e) => e);
    expect(err).toBeInstanceOf(ServiceException);
    expect(err.$metadata.httpStatusCode).toBe(500);
    sim.faults.add({ operation: 'DescribeAlarms', kind: 'server-error', count: 1 });
    const cwErr = await cw.send(new DescribeAlarmsCommand({})).catch((e) => e);
    expect(cwErr.$metadata.httpStatusCode).toBe(500);
    expect(cwErr.name).toBe('InternalServiceFault');
  });

  it('adds latency', async () => {
    sim.faults.add({ operation: 'GetAlias', kind: 'latency', latencyMs: 300, count: 1 });
    const start = Date.now();
    await getAlias();
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection', async () => {
    sim.faults.add({ operation: 'GetAlias', kind: 'drop', count: 1 });
    const err = await getAlias().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.$metadata?.httpStatusCode).toBeUndefined();
    expect(sim.calls.list({ operation: 'GetAlias' })[0]!.errorCode).toBe('ConnectionDropped');
  });

  it('fires by probability, seeded', async () => {
    sim.faults.add({ operation: 'GetAlias', kind: 'throttle', probability: 0.5 });
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        getAlias().then(
          () => 'ok',
          () => 'throttled',
        ),
      ),
    );
    const throttled = results.filter((r) => r === 'throttled').length;
    expect(throttled).toBeGreaterThan(8);
    expect(throttled).toBeLessThan(32);
  });

  it('models an update in progress as ResourceConflictException on chosen operations', async () => {
    sim.faults.add({ operation: 'GetAlias', kind: 'conflict', count: 1 });
    await expect(getAlias()).rejects.toMatchObject({ name: 'ResourceConflictException' });
  });
});
