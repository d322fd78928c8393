// Fixtures for the contract suite: the AWS side of a deployment (role, function, published
// versions, alias, alarms) created in moto through the same SDK the actions bundle, with the
// clients and endpoint of moto.ts, which refuse an endpoint that is not local.
import { crc32 } from 'node:zlib';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  type LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import {
  type CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import { motoEndpoint, uniqueName } from './moto.js';

/**
 * Creates an IAM role through moto's IAM query API. moto's CreateFunction refuses a role it
 * does not know; @aws-sdk/client-iam is not a dependency, and moto does not verify signatures,
 * so a plain form POST whose credential scope names the service is enough to route it.
 */
export async function createRole(name: string): Promise<string> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: trust,
  });
  const response = await fetch(`${motoEndpoint()}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`IAM CreateRole ${name}: HTTP ${response.status} ${text}`);
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!arn) throw new Error(`IAM CreateRole ${name}: no Arn in ${text}`);
  return arn;
}

/** A zip archive with stored (uncompressed) entries: all CreateFunction needs. */
export function storedZip(files: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

function handlerZip(release: number): Uint8Array {
  return storedZip({
    'index.mjs': `export const handler = async () => ({ statusCode: 200, body: 'release ${release}' });\n`,
  });
}

export interface DeployedFunction {
  functionName: string;
  alias: string;
  role: string;
  /** Published versions, oldest first: "1", "2", ... */
  versions: string[];
}

/**
 * A function with `versions` published versions (each from different code, as a real release
 * is) and an alias fully on `aliasVersion`: the state a deploy job starts from.
 */
export async function deployFunction(
  lambda: LambdaClient,
  options: { prefix: string; versions: number; aliasVersion: string; alias?: string },
): Promise<DeployedFunction> {
  const functionName = uniqueName(options.prefix);
  const role = await createRole(`${functionName}-role`);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: functionName,
      Runtime: 'nodejs22.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: handlerZip(0) },
    }),
  );
  const versions: string[] = [];
  for (let release = 1; release <= options.versions; release += 1) {
    if (release > 1) {
      await lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: handlerZip(release) }),
      );
    }
    const published = await lambda.send(
      new PublishVersionCommand({ FunctionName: functionName, Description: `release ${release}` }),
    );
    versions.push(published.Version ?? '');
  }
  const alias = options.alias ?? 'live';
  await lambda.send(
    new CreateAliasCommand({
      FunctionName: functionName,
      Name: alias,
      FunctionVersion: options.aliasVersion,
    }),
  );
  return { functionName, alias, role, versions };
}

export interface AliasView {
  primaryVersion: string;
  weights: Record<string, number>;
  description: string;
  revisionId: string;
}

/** The alias as GetAlias reports it, with empty and zero weights dropped. */
export async function readAlias(
  lambda: LambdaClient,
  functionName: string,
  alias: string,
): Promise<AliasView> {
  const out = await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }));
  const weights = Object.fromEntries(
    Object.entries(out.RoutingConfig?.AdditionalVersionWeights ?? {}).filter(([, w]) => w > 0),
  );
  return {
    primaryVersion: out.FunctionVersion ?? '',
    weights,
    description: out.Description ?? '',
    revisionId: out.RevisionId ?? '',
  };
}

/** A metric alarm on the function's Errors, put in `state` with SetAlarmState. */
export async function putAlarm(
  cloudWatch: CloudWatchClient,
  name: string,
  functionName: string,
  state: StateValue,
): Promise<void> {
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: functionName }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  await setAlarmState(cloudWatch, name, state);
}

export async function setAlarmState(
  cloudWatch: CloudWatchClient,
  name: string,
  state: StateValue,
): Promise<void> {
  await cloudWatch.send(
    new SetAlarmStateCommand({
      AlarmName: name,
      StateValue: state,
      StateReason: `contract test set ${state}`,
    }),
  );
}

/** Sets the alias as a deploy job left it (split and/or with a record), behind the suite's back. */
export async function setAlias(
  lambda: LambdaClient,
  fn: DeployedFunction,
  routing: { primaryVersion: string; weights?: Record<string, number>; description?: string },
): Promise<void> {
  await lambda.send(
    new UpdateAliasCommand({
      FunctionName: fn.functionName,
      Name: fn.alias,
      FunctionVersion: routing.primaryVersion,
      RoutingConfig: { AdditionalVersionWeights: routing.weights ?? {} },
      ...(routing.description !== undefined ? { Description: routing.description } : {}),
    }),
  );
}

/** Samples the alias while a step runs: what a traffic router would have seen. */
export function watchAlias(
  lambda: LambdaClient,
  fn: DeployedFunction,
  intervalMs = 200,
): {
  samples: AliasView[];
  until(test: (view: AliasView) => boolean, timeoutMs: number): Promise<AliasView>;
  stop(): void;
} {
  const samples: AliasView[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await readAlias(lambda, fn.functionName, fn.alias));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  loop.catch(() => undefined);
  return {
    samples,
    async until(test, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let seen = 0; Date.now() < deadline;) {
        const found = samples.slice(seen).find(test);
        if (found) return found;
        seen = samples.length;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `the alias never reached the expected state; last seen ${JSON.stringify(samples.at(-1))}`,
      );
    },
    stop() {
      stopped = true;
    },
  };
}
