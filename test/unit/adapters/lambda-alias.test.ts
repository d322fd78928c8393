import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetAliasCommand,
  LambdaClient,
  PreconditionFailedException,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaAlias } from '../../../src/adapters/lambda-alias.js';
import { StaleRevisionError } from '../../../src/core/alias-update.js';

const lambda = mockClient(LambdaClient);
const alias = new LambdaAlias(new LambdaClient({ region: 'us-east-1' }), 'orders', 'live');

beforeEach(() => {
  lambda.reset();
});

describe('LambdaAlias', () => {
  it('reads routing, revision and description', async () => {
    lambda.on(GetAliasCommand).resolves({
      FunctionVersion: '3',
      RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
      RevisionId: 'rev-1',
      Description: 'd',
    });
    expect(await alias.read()).toEqual({
      functionName: 'orders',
      alias: 'live',
      primaryVersion: '3',
      additional: { version: '4', weight: 0.1 },
      revisionId: 'rev-1',
      description: 'd',
    });
  });

  it('sends the RevisionId it was given and clears weights at the ends of a shift', async () => {
    lambda.on(UpdateAliasCommand).resolves({ FunctionVersion: '4', RevisionId: 'rev-2' });
    await alias.update('rev-1', { primaryVersion: '4' });
    expect(lambda.commandCalls(UpdateAliasCommand)[0].args[0].input).toEqual({
      FunctionName: 'orders',
      Name: 'live',
      FunctionVersion: '4',
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: 'rev-1',
    });
  });

  it('turns PreconditionFailedException into StaleRevisionError', async () => {
    lambda
      .on(UpdateAliasCommand)
      .rejects(
        new PreconditionFailedException({ message: 'stale', $metadata: { httpStatusCode: 412 } }),
      );
    await expect(
      alias.update(
        'rev-1',
        { primaryVersion: '3', additional: { version: '4', weight: 0.5 } },
        'record',
      ),
    ).rejects.toBeInstanceOf(StaleRevisionError);
    expect(lambda.commandCalls(UpdateAliasCommand)[0].args[0].input).toMatchObject({
      RoutingConfig: { AdditionalVersionWeights: { '4': 0.5 } },
      Description: 'record',
    });
  });
});
