// The one factory of traffic targets: an action names what it deploys (a Lambda alias, or
// a cell of them) and gets the port core works on. A new kind of target is one adapter and one case.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient } from './aws.js';
import { LambdaAliasTarget } from './lambda/alias-target.js';
import { CellTarget, type CellPace } from '../core/cell-target.js';
import { systemClock } from '../core/clock.js';

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

export interface CellSpec {
  name: string;
  /** A function without a version deploys the one its record names (a rollback's). */
  functions: { functionName: string; alias: string; version?: string }[];
}

/**
 * Lambda's control plane allows 15 requests per second per Region for the calls outside
 * invocation, GetFunction and GetPolicy (GetAlias and UpdateAlias among them; Lambda quotas,
 * "API requests"), shared with everything else in the account. A cell stays under two
 * thirds of that, five calls at a time, so it neither throttles itself nor its neighbours.
 */
export const CELL_PACE: CellPace = { concurrency: 5, perSecond: 10 };

export function cellTarget(spec: CellSpec, options: TargetOptions): CellTarget {
  const client = options.client ?? lambdaClient({ region: options.region });
  return new CellTarget({
    name: spec.name,
    members: spec.functions.map((f) => ({
      target: new LambdaAliasTarget(client, f.functionName, f.alias, options.region),
      ...(f.version ? { version: f.version } : {}),
    })),
    clock: systemClock,
    pace: CELL_PACE,
  });
}
