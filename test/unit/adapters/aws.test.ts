// The shared client builder's optional requestTimeoutMs (added for the post step, which
// must finish inside the runner's cancel window): a server that never answers must not
// hold a call past it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../../../src/adapters/aws.js';

let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  // Accepts every request and never answers.
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
});
afterAll(async () => {
  process.env = saved;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('lambdaClient requestTimeoutMs', () => {
  it('gives up on a request that gets no answer', async () => {
    const client = lambdaClient({ region: 'eu-west-1', maxAttempts: 1, requestTimeoutMs: 200 });
    await expect(
      client.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' })),
    ).rejects.toThrow(/timed out|timeout/i);
  }, 10_000);
});
