import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  PreconditionFailedException,
  ResourceNotFoundException,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaAliasTarget } from '../../../../src/adapters/lambda/alias-target.js';
import { aliasCommands } from '../../../../src/adapters/lambda/commands.js';
import { StaleTokenError } from '../../../../src/core/traffic-target.js';

const lambda = mockClient(LambdaClient);
const alias = new LambdaAliasTarget(new LambdaClient({ region: 'us-east-1' }), 'orders', 'live');
const role = 'arn:aws:iam::123456789012:role/orders';

beforeEach(() => {
  lambda.reset();
});

describe('a Lambda alias as a traffic target', () => {
  it('reads routing, the RevisionId as its token and the description as its record', async () => {
    lambda.on(GetAliasCommand).resolves({
      FunctionVersion: '3',
      RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
      RevisionId: 'rev-1',
      Description: 'd',
    });
    expect(await alias.read()).toEqual({
      name: 'orders:live',
      primaryVersion: '3',
      additional: { version: '4', weight: 0.1 },
      token: 'rev-1',
      record: 'd',
    });
  });

  it('sends the RevisionId it was given and clears weights at the ends of a shift', async () => {
    lambda.on(UpdateAliasCommand).resolves({ FunctionVersion: '4', RevisionId: 'rev-2' });
    await alias.set('rev-1', { primaryVersion: '4' });
    expect(lambda.commandCalls(UpdateAliasCommand)[0].args[0].input).toEqual({
      FunctionName: 'orders',
      Name: 'live',
      FunctionVersion: '4',
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: 'rev-1',
    });
  });

  it('turns PreconditionFailedException into a stale token', async () => {
    lambda
      .on(UpdateAliasCommand)
      .rejects(
        new PreconditionFailedException({ message: 'stale', $metadata: { httpStatusCode: 412 } }),
      );
    await expect(
      alias.set(
        'rev-1',
        { primaryVersion: '3', additional: { version: '4', weight: 0.5 } },
        'record',
      ),
    ).rejects.toBeInstanceOf(StaleTokenError);
    expect(lambda.commandCalls(UpdateAliasCommand)[0].args[0].input).toMatchObject({
      RoutingConfig: { AdditionalVersionWeights: { '4': 0.5 } },
      Description: 'record',
    });
  });

  describe('preflight of a (previous, next) pair', () => {
    const version = (v: string, extra: object = {}) =>
      lambda
        .on(GetFunctionConfigurationCommand, { FunctionName: 'orders', Qualifier: v })
        .resolves({ Role: role, State: 'Active', LastUpdateStatus: 'Successful', ...extra });

    it('passes two Active versions with the same role and dead-letter config', async () => {
      version('3');
      version('4');
      expect(await alias.preflight('3', '4')).toBeUndefined();
    });

    it('names a next version that does not exist as missing', async () => {
      version('3');
      lambda
        .on(GetFunctionConfigurationCommand, { Qualifier: '9' })
        .rejects(new ResourceNotFoundException({ message: 'no', $metadata: {} }));
      expect(await alias.preflight('3', '9')).toEqual({
        missing: '9',
        reason: 'version 9 of orders does not exist',
      });
    });

    it('refuses a split Lambda would refuse: different execution roles', async () => {
      version('3');
      version('4', { Role: `${role}-2` });
      expect((await alias.preflight('3', '4'))?.reason).toMatch(/different execution roles/);
    });

    it('refuses a new version whose last update failed, with the reason', async () => {
      version('3');
      version('4', { LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'bad layer' });
      expect((await alias.preflight('3', '4'))?.reason).toBe(
        'the last update of version 4 failed (bad layer); publish a new version',
      );
    });

    it('refuses an Inactive rollback target, saying how to reactivate it', async () => {
      version('3', { State: 'Inactive' });
      version('4');
      expect((await alias.preflight('3', '4'))?.reason).toMatch(
        /version 3, the one a rollback returns to, is Inactive/,
      );
    });
  });
});

describe('the commands a person runs on a Lambda alias', () => {
  it('puts the alias fully on a version, clearing the weights, quoting odd names', () => {
    expect(aliasCommands('orders', 'live').fix('3')).toBe(
      "aws lambda update-alias --function-name orders --name live --function-version 3 --routing-config 'AdditionalVersionWeights={}'",
    );
    expect(aliasCommands("it's", 'live').fix('3')).toContain(`--function-name 'it'\\''s'`);
  });

  it('names the region when the step knows it', () => {
    expect(aliasCommands('orders', 'live', 'eu-west-1').look()).toBe(
      'aws lambda get-alias --function-name orders --name live --region eu-west-1',
    );
    expect(aliasCommands('orders', 'live').clearRecord()).toBe(
      "aws lambda update-alias --function-name orders --name live --description ''",
    );
  });
});
