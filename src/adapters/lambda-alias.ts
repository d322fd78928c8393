// Thin Lambda adapter: reads and writes alias routing, and checks versions exist.
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  type AliasConfiguration,
  type LambdaClient,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import type { AliasState, Routing } from '../core/alias-state.js';
import { type AliasPort, StaleRevisionError } from '../core/alias-update.js';

export function toAliasState(
  functionName: string,
  alias: string,
  config: AliasConfiguration,
): AliasState {
  const weights = Object.entries(config.RoutingConfig?.AdditionalVersionWeights ?? {}).filter(
    ([, w]) => w > 0,
  );
  return {
    functionName,
    alias,
    primaryVersion: config.FunctionVersion ?? '',
    ...(weights.length > 0
      ? { additional: { version: weights[0][0], weight: weights[0][1] } }
      : {}),
    revisionId: config.RevisionId ?? '',
    description: config.Description ?? '',
  };
}

export class LambdaAlias implements AliasPort {
  constructor(
    private readonly client: LambdaClient,
    readonly functionName: string,
    readonly alias: string,
  ) {}

  async read(signal?: AbortSignal): Promise<AliasState> {
    const out = await this.client.send(
      new GetAliasCommand({ FunctionName: this.functionName, Name: this.alias }),
      { abortSignal: signal },
    );
    return toAliasState(this.functionName, this.alias, out);
  }

  async update(
    revisionId: string,
    routing: Routing,
    description?: string,
    signal?: AbortSignal,
  ): Promise<AliasState> {
    try {
      const out = await this.client.send(
        new UpdateAliasCommand({
          FunctionName: this.functionName,
          Name: this.alias,
          FunctionVersion: routing.primaryVersion,
          // An empty map clears weighted routing: a finished shift leaves no weights behind.
          RoutingConfig: {
            AdditionalVersionWeights: routing.additional
              ? { [routing.additional.version]: routing.additional.weight }
              : {},
          },
          RevisionId: revisionId,
          ...(description !== undefined ? { Description: description } : {}),
        }),
        { abortSignal: signal },
      );
      return toAliasState(this.functionName, this.alias, out);
    } catch (error) {
      if ((error as { name?: string }).name === 'PreconditionFailedException')
        throw new StaleRevisionError(revisionId);
      throw error;
    }
  }
}

export interface VersionInfo {
  version: string;
  role?: string;
  deadLetterTarget?: string;
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
}

/** The configuration of one published version; ResourceNotFoundException if it does not exist. */
export async function getVersion(
  client: LambdaClient,
  functionName: string,
  version: string,
  signal?: AbortSignal,
): Promise<VersionInfo> {
  const out = await client.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }),
    { abortSignal: signal },
  );
  return {
    version,
    role: out.Role,
    deadLetterTarget: out.DeadLetterConfig?.TargetArn,
    state: out.State,
    ...(out.StateReason ? { stateReason: out.StateReason } : {}),
    ...(out.LastUpdateStatus ? { lastUpdateStatus: out.LastUpdateStatus } : {}),
    ...(out.LastUpdateStatusReason ? { lastUpdateStatusReason: out.LastUpdateStatusReason } : {}),
  };
}
