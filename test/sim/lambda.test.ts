import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let lambda: LambdaClient;

beforeEach(async () => {
  ({ sim, lambda } = await simWithClients());
});
afterEach(async () => {
  lambda.destroy();
  await sim.stop();
});

const role = 'arn:aws:iam::123456789012:role/exec';
const weights = (AdditionalVersionWeights: Record<string, number>) => ({
  RoutingConfig: { AdditionalVersionWeights },
});

describe('Lambda functions and versions through the real LambdaClient', () => {
  it('creates a function, publishes numbered versions and lists them after $LATEST', async () => {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'orders',
        Role: role,
        Code: { ZipFile: new Uint8Array([1]) },
      }),
    );
    expect(created.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders');
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders' }));
    expect(v1.Version).toBe('1');
    // Nothing changed since version 1: AWS hands version 1 back instead of a new one.
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'orders' }))).Version).toBe(
      '1',
    );
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Timeout: 9 }),
    );
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: 'orders' }))).Version).toBe(
      '2',
    );

    const list = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders' }));
    expect(list.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    const page = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'orders', MaxItems: 2 }),
    );
    expect(page.Versions).toHaveLength(2);
    const rest = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'orders', Marker: page.NextMarker }),
    );
    expect(rest.Versions?.map((v) => v.Version)).toEqual(['2']);

    const cfg = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '2' }),
    );
    expect(cfg).toMatchObject({ Version: '2', Timeout: 9, Role: role });
  });

  it('answers ResourceNotFoundException (404) for an unknown function', async () => {
    const err = await lambda
      .send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe('Lambda aliases', () => {
  beforeEach(() => {
    sim.lambda.createFunctionWithVersions('orders', 3, { role });
  });

  it('creates, reads, lists and updates an alias; RevisionId changes on every update', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '1',
        ...weights({ '2': 0.1 }),
      }),
    );
    expect(created.AliasArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders:live');
    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
    expect(got.RoutingConfig?.AdditionalVersionWeights).toEqual({ '2': 0.1 });
    const updated = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        RevisionId: got.RevisionId,
        ...weights({ '2': 0.5 }),
      }),
    );
    expect(updated.RevisionId).not.toBe(got.RevisionId);
    const list = await lambda.send(new ListAliasesCommand({ FunctionName: 'orders' }));
    expect(list.Aliases?.map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '1']]);
    expect(sim.lambda.aliasHistory('orders', 'live').map((h) => h.weights)).toEqual([
      { '2': 0.1 },
      { '2': 0.5 },
    ]);
  });

  it('a finished shift is FunctionVersion = new and no additional weights', async () => {
    const a = sim.lambda.createAlias('orders', 'live', '1', { '2': 0.5 });
    const done = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '2',
        RevisionId: a.RevisionId as string,
        ...weights({}),
      }),
    );
    expect(done.FunctionVersion).toBe('2');
    expect(done.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  });

  it('a stale RevisionId gets PreconditionFailedException (412)', async () => {
    const first = sim.lambda.createAlias('orders', 'live', '1');
    sim.lambda.setAliasRouting('orders', 'live', '1', { '2': 0.2 }); // someone else moved it
    const err = await lambda
      .send(
        new UpdateAliasCommand({
          FunctionName: 'orders',
          Name: 'live',
          RevisionId: first.RevisionId as string,
          ...weights({ '2': 0.3 }),
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(PreconditionFailedException);
    expect(err.$metadata.httpStatusCode).toBe(412);
  });

  it('an update in progress gets ResourceConflictException (409)', async () => {
    sim.lambda.createAlias('orders', 'live', '1');
    sim.lambda.setUpdateInProgress('orders', true);
    const err = await lambda
      .send(
        new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', ...weights({ '2': 0.3 }) }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect(err.$metadata.httpStatusCode).toBe(409);
  });

  it.each([
    ['two additional versions', '1', { '2': 0.1, '3': 0.1 }],
    ['a weight above 1', '1', { '2': 1.5 }],
    ['a negative weight', '1', { '2': -0.1 }],
    ['$LATEST as the additional version', '1', { $LATEST: 0.1 }],
    ['$LATEST as the primary of a split', '$LATEST', { '2': 0.1 }],
    ['the primary as its own additional version', '1', { '1': 0.1 }],
  ])('refuses %s with InvalidParameterValueException', async (_what, version, w) => {
    const err = await lambda
      .send(
        new CreateAliasCommand({
          FunctionName: 'orders',
          Name: 'live',
          FunctionVersion: version,
          ...weights(w),
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses versions with different execution roles', async () => {
    const v4 = sim.lambda.publishVersion(
      'orders',
      undefined,
      'arn:aws:iam::123456789012:role/other',
    );
    const err = await lambda
      .send(
        new CreateAliasCommand({
          FunctionName: 'orders',
          Name: 'live',
          FunctionVersion: '1',
          ...weights({ [v4]: 0.1 }),
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.message).toMatch(/same execution role/);
  });

  it('refuses an unknown version with ResourceNotFoundException', async () => {
    const err = await lambda
      .send(
        new CreateAliasCommand({
          FunctionName: 'orders',
          Name: 'live',
          FunctionVersion: '1',
          ...weights({ '9': 0.1 }),
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });

  it('round-trips a Description of exactly 256 characters and refuses 257 like AWS', async () => {
    const record = JSON.stringify({ prev: '1', target: '2', plan: 'linear-10-every-1m' }).padEnd(
      256,
      ' ',
    );
    await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'orders',
        Name: 'live',
        FunctionVersion: '1',
        Description: record,
      }),
    );
    expect(
      (await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' })))
        .Description,
    ).toBe(record);
    const err = await lambda
      .send(
        new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', Description: record + 'x' }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(LambdaServiceException);
    expect(err.name).toBe('ValidationException');
    expect(
      (await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' })))
        .Description,
    ).toBe(record);
  });
});

describe('Invoke runs the version model, not user code', () => {
  it('reports the executed version and a function error from the model', async () => {
    sim.lambda.createFunctionWithVersions('orders', 2, {
      models: [
        { errorRate: 0, latencyMs: 5 },
        { errorRate: 1, latencyMs: 5 },
      ],
    });
    sim.lambda.createAlias('orders', 'live', '2');
    const bad = await lambda.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: 'live' }));
    expect(bad.ExecutedVersion).toBe('2');
    expect(bad.FunctionError).toBe('Unhandled');
    const good = await lambda.send(new InvokeCommand({ FunctionName: 'orders', Qualifier: '1' }));
    expect(good.FunctionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(good.Payload))).toMatchObject({ statusCode: 200 });
    expect(sim.calls.count('Invoke')).toBe(2);
  });
});
