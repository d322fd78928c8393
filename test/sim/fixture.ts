import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

/** A simulator plus real SDK clients pointed at it (fake credentials, us-east-1). */
export async function simWithClients(options: SimulatorOptions = {}, maxAttempts = 1) {
  const sim: Simulator = await startSimulator(options);
  const config = { ...sim.clientConfig(), maxAttempts };
  return { sim, lambda: new LambdaClient(config), cw: new CloudWatchClient(config) };
}
