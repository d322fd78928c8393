import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  ProvisionedConcurrencyConfigNotFoundException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readAllocation } from '../../../src/adapters/provisioned-concurrency.js';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1' });

beforeEach(() => {
  lambda.reset();
});

describe('readAllocation', () => {
  it('reads the alias qualifier and maps the answer', async () => {
    lambda.on(GetProvisionedConcurrencyConfigCommand).resolves({
      RequestedProvisionedConcurrentExecutions: 10,
      AvailableProvisionedConcurrentExecutions: 6,
      AllocatedProvisionedConcurrentExecutions: 6,
      Status: 'FAILED',
      StatusReason: 'no capacity',
    });
    expect(await readAllocation(client, 'orders', 'live')).toEqual({
      requested: 10,
      available: 6,
      allocated: 6,
      status: 'FAILED',
      statusReason: 'no capacity',
    });
    expect(lambda.commandCalls(GetProvisionedConcurrencyConfigCommand)[0].args[0].input).toEqual({
      FunctionName: 'orders',
      Qualifier: 'live',
    });
  });

  it('no configuration is undefined; any other error is thrown, naming the permission', async () => {
    lambda
      .on(GetProvisionedConcurrencyConfigCommand)
      .rejectsOnce(
        new ProvisionedConcurrencyConfigNotFoundException({ message: 'none', $metadata: {} }),
      )
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    expect(await readAllocation(client, 'orders', 'live')).toBeUndefined();
    await expect(readAllocation(client, 'orders', 'live')).rejects.toMatchObject({
      name: 'AccessDeniedException',
      permission: 'lambda:GetProvisionedConcurrencyConfig',
    });
  });
});
