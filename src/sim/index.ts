import { Simulator, type SimulatorOptions } from './simulator.js';

export { Simulator, CallLog, type SimulatorOptions } from './simulator.js';
export type { SimClock } from './clock.js';
export type { VersionModel } from './lambda-model.js';
export type { FaultSpec, FaultKind, AliasChange } from './faults.js';
export type { TrafficSpec, TrafficStats } from './traffic.js';
export type { CallRecord } from './call.js';
export type { AlarmState } from './alarms-eval.js';
export { DEFAULT_ROLE } from './helpers.js';

/** Starts the local AWS (and GitHub) stand-in; `await sim.stop()` clears every timer. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return new Simulator(options).start();
}
