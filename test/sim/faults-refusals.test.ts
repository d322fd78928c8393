// Faults that refuse a call as AWS or GitHub would: `skip` to aim at the Nth call,
// `access-denied`, and `signature` (whose message echoes the signed headers, session token
// included), through the real SDK clients over HTTP.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchClient,
  CloudWatchServiceException,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  GetAliasCommand,
  LambdaClient,
  LambdaServiceException,
  ListAliasesCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let lambda: LambdaClient;
let cw: CloudWatchClient;
beforeEach(async () => {
  ({ sim, lambda, cw } = await simWithClients());
  sim.lambda.createFunctionWithVersions('orders', 2);
  sim.lambda.createAlias('orders', 'live', '1');
});
afterEach(async () => {
  lambda.destroy();
  cw.destroy();
  await sim.stop();
});

const getAlias = () => lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
const shift = () =>
  lambda.send(
    new UpdateAliasCommand({
      FunctionName: 'orders',
      Name: 'live',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
    }),
  );
const postFault = (body: unknown) =>
  fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('skip', () => {
  it('lets the first N matching calls through, then fires', async () => {
    sim.faults.add({ operation: 'Lambda.GetAlias', kind: 'server-error', skip: 2, count: 1 });
    await expect(getAlias()).resolves.toMatchObject({ Name: 'live' });
    await expect(getAlias()).resolves.toMatchObject({ Name: 'live' });
    await expect(getAlias()).rejects.toMatchObject({ name: 'ServiceException' });
    await expect(getAlias()).resolves.toMatchObject({ Name: 'live' });
    expect(sim.calls.list({ operation: 'GetAlias' }).map((c) => c.status)).toEqual([
      200, 200, 500, 200,
    ]);
  });

  it('counts only matching calls, so it aims at the 3rd UpdateAlias of a run', async () => {
    const res = await postFault({ operation: 'Lambda.UpdateAlias', kind: 'conflict', skip: 2 });
    expect(res.status).toBe(200);
    await shift();
    await getAlias();
    await shift();
    await expect(shift()).rejects.toMatchObject({ name: 'ResourceConflictException' });
  });
});

describe('access-denied', () => {
  it('refuses a Lambda call with AccessDeniedException 403 naming the action and the alias', async () => {
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'access-denied', count: 1 });
    const before = await getAlias();
    const err = await shift().catch((e) => e);
    expect(err).toBeInstanceOf(LambdaServiceException);
    expect(err.name).toBe('AccessDeniedException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ' +
        'lambda:UpdateAlias on resource: arn:aws:lambda:us-east-1:123456789012:function:orders:live ' +
        'because no identity-based policy allows the lambda:UpdateAlias action',
    );
    expect((await getAlias()).RevisionId).toBe(before.RevisionId);
    expect(sim.calls.list({ operation: 'UpdateAlias' })[0]!.errorCode).toBe(
      'AccessDeniedException',
    );
  });

  it('refuses a CloudWatch call with AccessDenied 403 naming cloudwatch:<Operation>', async () => {
    sim.faults.add({ operation: 'CloudWatch.DescribeAlarms', kind: 'access-denied' });
    const err = await cw
      .send(new DescribeAlarmsCommand({ AlarmNames: ['v2-errors'] }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(CloudWatchServiceException);
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ' +
        'cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:us-east-1:123456789012:alarm:v2-errors ' +
        'because no identity-based policy allows the cloudwatch:DescribeAlarms action',
    );
  });

  it('refuses a GitHub call with 403 "Resource not accessible by integration"', async () => {
    await postFault({
      operation: 'POST /repos/{owner}/{repo}/deployments',
      kind: 'access-denied',
    });
    const res = await fetch(`${sim.url}/repos/acme/orders/deployments`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: 'Resource not accessible by integration' });
    expect(sim.github.deployments).toEqual([]);
  });
});

describe('signature', () => {
  const credentials = {
    accessKeyId: 'ASIASIMULATOR',
    secretAccessKey: 'simulator-secret',
    sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE-session-token',
  };

  /** The SigV4 signature of a string-to-sign: equal to the client's when the echo is right. */
  const sign = (stringToSign: string): string => {
    const [, date, region, service] = /\n\d{8}T\d{6}Z\n(\d{8})\/([^/]+)\/([^/]+)\//.exec(
      stringToSign,
    )!;
    let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
    for (const part of [date!, region!, service!, 'aws4_request'])
      key = createHmac('sha256', key).update(part).digest();
    return createHmac('sha256', key).update(stringToSign).digest('hex');
  };
  const sentSignatures: string[] = [];
  const signatureSpy =
    <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) =>
    (args: A): Promise<R> => {
      const { headers } = args.request as { headers: Record<string, string | undefined> };
      sentSignatures.push(/Signature=([0-9a-f]+)/.exec(headers.authorization ?? '')?.[1] ?? '');
      return next(args);
    };
  const afterSigning = { relation: 'after', toMiddleware: 'httpSigningMiddleware' } as const;

  it('answers Lambda with InvalidSignatureException 403 echoing the canonical request, session token included', async () => {
    const client = new LambdaClient(sim.clientConfig({ credentials, maxAttempts: 1 }));
    client.middlewareStack.addRelativeTo(signatureSpy, afterSigning);
    sim.faults.add({ operation: 'Lambda.ListAliases', kind: 'signature', count: 1 });
    const err = await client
      .send(new ListAliasesCommand({ FunctionName: 'orders', MaxItems: 5 }))
      .catch((e) => e);
    client.destroy();
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toContain(credentials.sessionToken);
    expect(err.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/2015-03-31\/functions\/orders\/aliases\nMaxItems=5\n[^']*'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/lambda\/aws4_request\n[0-9a-f]{64}'\n$/,
    );
    expect(err.message).toContain(`\nx-amz-security-token:${credentials.sessionToken}\n`);
    const stringToSign = /String-to-Sign should have been\n'([^']*)'/.exec(err.message)![1]!;
    expect(sign(stringToSign)).toBe(sentSignatures.at(-1));
  });

  it('echoes the path of a call by ARN encoded once more, as AWS signs it', async () => {
    const client = new LambdaClient(sim.clientConfig({ credentials, maxAttempts: 1 }));
    client.middlewareStack.addRelativeTo(signatureSpy, afterSigning);
    sim.faults.add({ operation: 'Lambda.GetAlias', kind: 'signature', count: 1 });
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
    const err = await client
      .send(new GetAliasCommand({ FunctionName: arn, Name: 'live' }))
      .catch((e) => e);
    client.destroy();
    expect(err.message).toContain('\n/2015-03-31/functions/arn%253Aaws%253Alambda%253A');
    const stringToSign = /String-to-Sign should have been\n'([^']*)'/.exec(err.message)![1]!;
    expect(sign(stringToSign)).toBe(sentSignatures.at(-1));
  });

  it('answers CloudWatch with SignatureDoesNotMatch 403, its canonical request hashing the body', async () => {
    const client = new CloudWatchClient(sim.clientConfig({ credentials, maxAttempts: 1 }));
    client.middlewareStack.addRelativeTo(signatureSpy, afterSigning);
    sim.faults.add({ operation: 'CloudWatch.DescribeAlarms', kind: 'signature' });
    const err = await client.send(new DescribeAlarmsCommand({})).catch((e) => e);
    client.destroy();
    expect(err).toBeInstanceOf(CloudWatchServiceException);
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toContain(`\nx-amz-security-token:${credentials.sessionToken}\n`);
    expect(err.message).toContain("'POST\n/\n\n");
    const stringToSign = /String-to-Sign should have been\n'([^']*)'/.exec(err.message)![1]!;
    expect(sign(stringToSign)).toBe(sentSignatures.at(-1));
  });
});

describe('POST /_sim/faults', () => {
  it('accepts every kind and refuses an unknown kind or a skip that is not a whole number', async () => {
    for (const kind of [
      'throttle',
      'server-error',
      'latency',
      'drop',
      'conflict',
      'access-denied',
      'stale-identical',
      'stale-foreign',
      'reply-lost',
      'hang',
      'signature',
    ])
      expect((await postFault({ operation: 'Nothing', kind })).status).toBe(200);
    const unknown = await postFault({ operation: 'GetAlias', kind: 'stale' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'InvalidFault' });
    expect((await postFault({ operation: 'GetAlias', kind: 'drop', skip: -1 })).status).toBe(400);
    expect(sim.faults.active).toHaveLength(11);
  });
});
