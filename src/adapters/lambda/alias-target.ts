// A Lambda alias as a traffic target: its routing is FunctionVersion plus at most one
// weighted extra version, its concurrency token is the RevisionId, and the deployment
// record lives in the alias description (so any later job can read it with the routing).
import {
  GetAliasCommand,
  type AliasConfiguration,
  type LambdaClient,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import type { Routing } from '../../core/routing.js';
import {
  type PreflightProblem,
  StaleTokenError,
  type TargetCommands,
  type TargetState,
  type TrafficTarget,
} from '../../core/traffic-target.js';
import { aliasCommands } from './commands.js';
import { getVersion, incompatibility } from './versions.js';

export function toTargetState(name: string, config: AliasConfiguration): TargetState {
  const weights = Object.entries(config.RoutingConfig?.AdditionalVersionWeights ?? {}).filter(
    ([, w]) => w > 0,
  );
  return {
    name,
    primaryVersion: config.FunctionVersion ?? '',
    ...(weights.length > 0
      ? { additional: { version: weights[0][0], weight: weights[0][1] } }
      : {}),
    token: config.RevisionId ?? '',
    record: config.Description ?? '',
  };
}

export class LambdaAliasTarget implements TrafficTarget {
  readonly kind = 'Lambda alias';
  readonly name: string;
  readonly commands: TargetCommands;

  constructor(
    private readonly client: LambdaClient,
    readonly functionName: string,
    readonly alias: string,
    region?: string,
  ) {
    this.name = `${functionName}:${alias}`;
    this.commands = aliasCommands(functionName, alias, region);
  }

  async read(signal?: AbortSignal): Promise<TargetState> {
    const out = await this.client.send(
      new GetAliasCommand({ FunctionName: this.functionName, Name: this.alias }),
      { abortSignal: signal },
    );
    return toTargetState(this.name, out);
  }

  async set(
    token: string,
    routing: Routing,
    record?: string,
    signal?: AbortSignal,
  ): Promise<TargetState> {
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
          RevisionId: token,
          ...(record !== undefined ? { Description: record } : {}),
        }),
        { abortSignal: signal },
      );
      return toTargetState(this.name, out);
    } catch (error) {
      if ((error as { name?: string }).name === 'PreconditionFailedException')
        throw new StaleTokenError(token);
      throw error;
    }
  }

  async preflight(
    previous: string,
    next: string,
    signal?: AbortSignal,
  ): Promise<PreflightProblem | undefined> {
    const [before, after] = await Promise.all([
      getVersion(this.client, this.functionName, previous, signal),
      getVersion(this.client, this.functionName, next, signal).catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
        throw error;
      }),
    ]);
    if (!after)
      return {
        missing: next,
        reason: `version ${next} of ${this.functionName} does not exist`,
      };
    const reason = incompatibility(before, after, this.functionName);
    return reason ? { reason } : undefined;
  }
}
