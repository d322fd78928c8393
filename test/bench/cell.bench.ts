// Cell bench: a cell of 10 and of 50 functions shifted by "linear 25% every 1s" with the core
// shift loop and the real Lambda adapter, against the simulator over HTTP on the wall clock,
// with Lambda's control-plane rate limit on (15 calls a second, every call but Invoke).
// Prints the time each step takes to move every alias, the UpdateAlias rate, and how many
// calls were throttled. Figures are printed, not asserted.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { cellTarget } from '../../src/adapters/targets.js';
import { systemClock } from '../../src/core/clock.js';
import { runShift, type ShiftEvent } from '../../src/core/shift.js';
import { parseStrategy } from '../../src/core/strategy.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { median, printTable } from './table.js';

const SIZES = [10, 50];
const RATE = 15;

async function shiftCell(sim: Simulator, size: number) {
  const functions = Array.from({ length: size }, (_, i) => {
    const functionName = `cell${size}-fn${i}`;
    sim.lambda.createFunctionWithVersions(functionName, 2);
    sim.lambda.createAlias(functionName, 'live', '1');
    return { functionName, alias: 'live', version: '2' };
  });
  const client = new LambdaClient(sim.clientConfig({ maxAttempts: 4 }));
  const target = cellTarget({ name: `bench${size}`, functions }, { region: sim.region, client });
  const began = Date.now();
  const current = await target.read();
  const shifted: number[] = [began];
  const outcome = await runShift({
    target,
    current,
    plan: parseStrategy('linear 25% every 1s'),
    previousVersion: current.primaryVersion,
    version: target.version,
    startWeight: 0,
    startedAt: began,
    owner: { runId: '1', attempt: 1, token: `bench${size}` },
    guards: [],
    pollIntervalMs: 1000,
    onFailure: 'rollback',
    clock: systemClock,
    signal: new AbortController().signal,
    onEvent: (e: ShiftEvent) => {
      if (e.type === 'shifted' || e.type === 'recorded') shifted.push(e.at);
    },
  });
  if (outcome.status !== 'succeeded') throw new Error(`cell of ${size}: ${outcome.status}`);
  const updates = sim.calls
    .list({ operation: 'UpdateAlias' })
    .filter((c) => String(c.params.FunctionName).startsWith(`cell${size}-`));
  const times = updates.map((c) => c.time);
  const perSecond = Math.max(
    ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length),
  );
  const throttled = sim.calls
    .list({ service: 'Lambda' })
    .filter((c) => c.status === 429 && String(c.params.FunctionName).startsWith(`cell${size}-`));
  // A step's move: from the previous change (or the hold's end) to every alias at the new weight.
  const moves = shifted.slice(1).map((t, i) => t - shifted[i]);
  return {
    size,
    updates: updates.length,
    moveMs: median(moves),
    perSecond,
    throttled: throttled.length,
    totalS: (Date.now() - began) / 1000,
  };
}

export default async function bench(): Promise<void> {
  const sim = await startSimulator({ clock: 'wall', alarmEvaluationIntervalMs: 3_600_000 });
  sim.lambda.setControlPlaneRate(RATE);
  try {
    console.log(
      `A cell shifted by "linear 25% every 1s", simulator over HTTP with a ${RATE}/s control-plane limit.\n`,
    );
    const rows: (string | number)[][] = [];
    for (const size of SIZES) {
      const r = await shiftCell(sim, size);
      rows.push([
        r.size,
        r.updates,
        Math.round(r.moveMs),
        r.perSecond,
        RATE,
        r.throttled,
        r.totalS.toFixed(1),
      ]);
    }
    printTable(
      [
        'functions',
        'UpdateAlias',
        'median ms per change (hold included)',
        'max UpdateAlias in 1 s',
        'limit /s',
        'throttled',
        'total s',
      ],
      rows,
    );
  } finally {
    await sim.stop();
  }
}
