// Faults that race the caller: another actor's UpdateAlias landing just before the call
// (`stale-identical`, `stale-foreign`), a change that lands but whose reply is lost
// (`reply-lost`), and a call never answered (`hang`), through the real SDK clients over HTTP.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetAliasCommand,
  LambdaClient,
  PreconditionFailedException,
  UpdateAliasCommand,
  type UpdateAliasCommandInput,
} from '@aws-sdk/client-lambda';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let lambda: LambdaClient;
beforeEach(async () => {
  let cw;
  ({ sim, lambda, cw } = await simWithClients());
  cw.destroy();
  sim.lambda.createFunctionWithVersions('orders', 3);
  sim.lambda.createAlias('orders', 'live', '1', { '2': 0.1 }, 'deploying 2');
});
afterEach(async () => {
  lambda.destroy();
  await sim.stop();
});

const getAlias = (client = lambda) =>
  client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
const updateAlias = (
  input: Partial<UpdateAliasCommandInput>,
  client = lambda,
  signal?: AbortSignal,
) =>
  client.send(
    new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', ...input }),
    signal ? { abortSignal: signal } : {},
  );
const toHalf = { RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } };

describe('stale-identical', () => {
  it('rewrites the alias to its current state first, so the RevisionId read before is stale', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'stale-identical', count: 1 });
    const read = await getAlias();
    const err = await updateAlias({ ...toHalf, RevisionId: read.RevisionId }).catch((e) => e);
    expect(err).toBeInstanceOf(PreconditionFailedException);
    expect(err.$metadata.httpStatusCode).toBe(412);
    const after = await getAlias();
    expect(after).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      Description: 'deploying 2',
    });
    expect(after.RevisionId).not.toBe(read.RevisionId);
    expect(sim.calls.list({ operation: 'UpdateAlias' })[0]!.errorCode).toBe(
      'PreconditionFailedException',
    );
  });

  it('lets a call without a RevisionId through: the last writer wins', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'stale-identical', count: 1 });
    await expect(updateAlias(toHalf)).resolves.toMatchObject({
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
    });
    expect(sim.lambda.aliasHistory('orders', 'live')).toHaveLength(3);
  });
});

describe('stale-foreign', () => {
  it('by default puts the alias fully on its primary, "changed by hand", before the call', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'stale-foreign', count: 1 });
    const read = await getAlias();
    await expect(updateAlias({ ...toHalf, RevisionId: read.RevisionId })).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
    const after = await getAlias();
    expect(after).toMatchObject({ FunctionVersion: '1', Description: 'changed by hand' });
    expect(after.RoutingConfig).toBeUndefined();
  });

  it('applies the aliasChange given, merged over the current alias', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        operation: 'Lambda.UpdateAlias',
        kind: 'stale-foreign',
        count: 1,
        aliasChange: { weights: { '3': 0.2 } },
      }),
    });
    const read = await getAlias();
    await expect(updateAlias({ ...toHalf, RevisionId: read.RevisionId })).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
    expect(await getAlias()).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '3': 0.2 } },
      Description: 'deploying 2',
    });
  });
});

describe('reply-lost', () => {
  it('applies the call, then drops the connection: the client sees a network error', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'reply-lost', count: 1 });
    const err = await updateAlias(toHalf).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.$metadata?.httpStatusCode).toBeUndefined();
    expect(err.message).toMatch(/socket hang up/);
    expect(await getAlias()).toMatchObject({
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
    });
    expect(sim.calls.list({ operation: 'UpdateAlias' })[0]).toMatchObject({
      status: -1,
      errorCode: 'ReplyLost',
    });
  });
});

describe('hang', () => {
  it('never answers: a client with a 300 ms requestTimeout gives up, nothing changed, others are served', async () => {
    const impatient = new LambdaClient(
      sim.clientConfig({
        maxAttempts: 1,
        requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
      }),
    );
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'hang', count: 1 });
    const before = await getAlias();
    const hung = updateAlias(toHalf, impatient).catch((e) => e);
    await expect(getAlias()).resolves.toMatchObject({ RevisionId: before.RevisionId });
    const err = await hung;
    expect(err.name).toBe('TimeoutError');
    expect((await getAlias()).RevisionId).toBe(before.RevisionId);
    expect(sim.calls.list({ operation: 'UpdateAlias' })[0]).toMatchObject({
      status: -1,
      errorCode: 'Hung',
    });
    await expect(updateAlias(toHalf, impatient)).resolves.toMatchObject({
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
    });
    impatient.destroy();
  });

  it('ends when the caller aborts', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'hang', count: 1 });
    const abort = new AbortController();
    const hung = updateAlias(toHalf, lambda, abort.signal).catch((e) => e);
    setTimeout(() => abort.abort(), 100);
    const err = await hung;
    expect(err.name).toBe('AbortError');
    expect((await getAlias()).RoutingConfig).toEqual({ AdditionalVersionWeights: { '2': 0.1 } });
  });

  it('ends when the simulator stops, so a test never waits on it', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'hang' });
    const hung = updateAlias(toHalf).catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    const start = Date.now();
    await sim.stop();
    const err = await hung;
    expect(Date.now() - start).toBeLessThan(1000);
    expect(err).toBeInstanceOf(Error);
    expect(err.$metadata?.httpStatusCode).toBeUndefined();
  });
});
