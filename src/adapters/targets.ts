// The one factory of traffic targets: an action names what it deploys (today a Lambda
// alias) and gets the port core works on. A new kind of target is one adapter and one case.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient } from './aws.js';
import { LambdaAliasTarget } from './lambda/alias-target.js';

export interface AliasSpec {
  functionName: string;
  alias: string;
}

export interface TargetOptions {
  region: string;
  /** A client the caller already has (hooks and provisioned concurrency share it). */
  client?: LambdaClient;
}

export function aliasTarget(spec: AliasSpec, options: TargetOptions): LambdaAliasTarget {
  const client = options.client ?? lambdaClient({ region: options.region });
  return new LambdaAliasTarget(client, spec.functionName, spec.alias, options.region);
}
