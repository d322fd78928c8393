// Provisioned concurrency on an alias, through the real LambdaClient: the 2019-09-30 routes,
// NotFound, the refusal on a weighted alias, and the re-allocation after each routing change.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  ProvisionedConcurrencyConfigNotFoundException,
  PutProvisionedConcurrencyConfigCommand,
  ResourceConflictException,
} from '@aws-sdk/client-lambda';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let lambda: LambdaClient;

beforeEach(async () => {
  ({ sim, lambda } = await simWithClients());
  sim.lambda.createFunctionWithVersions('orders', 2);
  sim.lambda.createAlias('orders', 'live', '1');
});
afterEach(async () => {
  lambda.destroy();
  await sim.stop();
});

const get = () =>
  lambda.send(
    new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'orders', Qualifier: 'live' }),
  );

describe('provisioned concurrency on an alias', () => {
  it('answers ProvisionedConcurrencyConfigNotFoundException when there is none', async () => {
    await expect(get()).rejects.toBeInstanceOf(ProvisionedConcurrencyConfigNotFoundException);
    expect(
      sim.calls.list({ operation: 'GetProvisionedConcurrencyConfig' })[0]?.params,
    ).toMatchObject({ FunctionName: 'orders', Qualifier: 'live' });
  });

  it('Put, Get and Delete through the SDK; IN_PROGRESS until readyAfterMs, then READY', async () => {
    const put = await lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'orders',
        Qualifier: 'live',
        ProvisionedConcurrentExecutions: 10,
      }),
    );
    expect(put).toMatchObject({ RequestedProvisionedConcurrentExecutions: 10, Status: 'READY' });
    sim.lambda.setProvisionedConcurrency('orders', 'live', 10, { readyAfterMs: 30_000 });
    expect(await get()).toMatchObject({ Status: 'IN_PROGRESS' });
    await sim.advance(30_000);
    expect(await get()).toMatchObject({
      Status: 'READY',
      RequestedProvisionedConcurrentExecutions: 10,
      AllocatedProvisionedConcurrentExecutions: 10,
    });
    await lambda.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'orders', Qualifier: 'live' }),
    );
    await expect(get()).rejects.toBeInstanceOf(ProvisionedConcurrencyConfigNotFoundException);
  });

  it('re-allocates after each routing change, and fails the next one when told to', async () => {
    sim.lambda.setProvisionedConcurrency('orders', 'live', 10, {
      readyAfterMs: 5_000,
      failWith: 'Insufficient concurrency',
    });
    await sim.advance(5_000);
    expect(await get()).toMatchObject({ Status: 'READY' });
    // A description-only change moves no traffic and re-allocates nothing.
    sim.lambda.setAliasRouting('orders', 'live', '1', {}, 'record');
    expect(await get()).toMatchObject({ Status: 'READY' });
    sim.lambda.setAliasRouting('orders', 'live', '1', { '2': 0.1 });
    expect(await get()).toMatchObject({ Status: 'IN_PROGRESS' });
    await sim.advance(5_000);
    expect(await get()).toMatchObject({
      Status: 'FAILED',
      StatusReason: 'Insufficient concurrency',
    });
    sim.lambda.setAliasRouting('orders', 'live', '1', {});
    await sim.advance(5_000);
    expect(await get()).toMatchObject({
      Status: 'READY',
      AllocatedProvisionedConcurrentExecutions: 10,
    });
  });

  it('staleForMs: right after a change the answer before it (READY) is still shown, then the re-allocation runs', async () => {
    sim.lambda.setProvisionedConcurrency('orders', 'live', 10, {
      readyAfterMs: 4_000,
      staleForMs: 2_000,
    });
    await sim.advance(4_000);
    sim.lambda.setAliasRouting('orders', 'live', '1', { '2': 0.1 });
    expect(await get()).toMatchObject({
      Status: 'READY',
      AllocatedProvisionedConcurrentExecutions: 10,
    });
    await sim.advance(1_999);
    expect(await get()).toMatchObject({ Status: 'READY' });
    await sim.advance(1);
    expect(await get()).toMatchObject({ Status: 'IN_PROGRESS' });
    await sim.advance(4_000);
    expect(await get()).toMatchObject({ Status: 'READY' });
  });

  it('refuses a Put on an alias with weights', async () => {
    sim.lambda.setAliasRouting('orders', 'live', '1', { '2': 0.5 });
    await expect(
      lambda.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: 'orders',
          Qualifier: 'live',
          ProvisionedConcurrentExecutions: 5,
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceConflictException);
  });
});
