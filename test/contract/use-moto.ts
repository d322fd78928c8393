// The set-up every scenario file (one built action against moto) shares: SDK clients on
// moto, the bundle checked before any test so a missing build fails with the fix instead of
// a step that cannot start, and the moto gaps the file cannot show printed after it, so
// they are in the run's log and not only in comments.
import { afterAll, beforeAll } from '@jest/globals';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type ActionRun, runAction, type RunActionOptions } from '../harness/runner.js';
import { awsEnv, clients, requireBundle } from './moto.js';
import { type MotoGapName, noteMotoGaps } from './moto-gaps.js';

export interface MotoScenario {
  /** Set in beforeAll (where a run outside run.sh fails with the fix): read them in tests. */
  readonly lambda: LambdaClient;
  readonly cloudWatch: CloudWatchClient;
  /** Runs the action's bundle (main and post step) like the runner does, against moto. */
  run(inputs: Record<string, string>, options?: Partial<RunActionOptions>): ActionRun;
}

export function useMoto(action: string, gaps: readonly MotoGapName[]): MotoScenario {
  const state = {
    lambda: undefined as unknown as LambdaClient,
    cloudWatch: undefined as unknown as CloudWatchClient,
    run: (inputs: Record<string, string>, options: Partial<RunActionOptions> = {}) =>
      runAction({ action, inputs, env: awsEnv(), timeoutMs: 60_000, ...options }),
  };
  beforeAll(() => {
    ({ lambda: state.lambda, cloudWatch: state.cloudWatch } = clients());
    requireBundle(action);
  });
  afterAll(() => {
    noteMotoGaps(gaps);
    // Optional chaining: beforeAll may have failed before the clients existed.
    state.lambda?.destroy();
    state.cloudWatch?.destroy();
  });
  return state;
}
