// Restore-latency bench: from an alarm entering ALARM to the alias fully back on the
// previous version, on the simulator with the wall clock, at poll-interval 1s and 10s.
// Target: p95 <= poll-interval + 1 s. Also the API calls per minute of watching 100 alarms:
// one DescribeAlarms per poll and nothing else. Figures are printed, never asserted.
//
// To keep the run short, the shift's watch loop (core runShift with the real Lambda and
// CloudWatch adapters, over HTTP) runs in-process rather than as 20 x 10 s bundle runs, and
// the 20 runs of each interval run side by side, each on its own function, alias and alarm;
// each alarm fires at a random moment of its run's poll cycle.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { alarmGuard } from '../../src/core/alarm-guard.js';
import { systemClock } from '../../src/core/clock.js';
import { runShift, type ShiftEvent } from '../../src/core/shift.js';
import { parseStrategy } from '../../src/core/strategy.js';
import { describeAlarms } from '../../src/adapters/cloudwatch-alarms.js';
import { LambdaAliasTarget } from '../../src/adapters/lambda/alias-target.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { median, printTable } from './table.js';

const RUNS = 20;
const POLLS_MS = [1_000, 10_000];
const WATCHED_ALARMS = 100;

type Counted = { lambda: LambdaClient; cloudWatch: CloudWatchClient; calls: Map<string, number> };

/** SDK clients against the simulator that count every call they send, by operation. */
function clients(sim: Simulator): Counted {
  const calls = new Map<string, number>();
  const count = <C extends LambdaClient | CloudWatchClient>(client: C): C => {
    client.middlewareStack.add(
      (next, context) => (args) => {
        const op = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        calls.set(op, (calls.get(op) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize' },
    );
    return client;
  };
  return {
    lambda: count(new LambdaClient(sim.clientConfig({ maxAttempts: 4 }))),
    cloudWatch: count(new CloudWatchClient(sim.clientConfig({ maxAttempts: 4 }))),
    calls,
  };
}

function setUp(sim: Simulator, fn: string, alarms: number): string[] {
  sim.lambda.createFunctionWithVersions(fn, 2);
  sim.lambda.createAlias(fn, 'live', '1');
  const names = Array.from({ length: alarms }, (_, i) => `${fn}-alarm-${i}`);
  for (const name of names) {
    sim.cloudwatch.putVersionErrorsAlarm({
      name,
      functionName: fn,
      alias: 'live',
      version: '2',
      state: 'OK',
    });
  }
  return names;
}

/** Starts a 10-minute canary on `fn`; resolves once it watches at 10%. */
function startShift(
  sim: Simulator,
  fn: string,
  names: string[],
  pollMs: number,
  signal?: AbortSignal,
) {
  const c = clients(sim);
  const port = new LambdaAliasTarget(c.lambda, fn, 'live');
  const selection = { names, prefixes: [] };
  let watching: (at: number) => void = () => undefined;
  const polls = { count: 0 };
  // Taken synchronously when watching starts, before the first check's DescribeAlarms.
  const atWatch = { calls: new Map<string, number>(), polls: 0 };
  const watchingAt = new Promise<number>((resolve) => (watching = resolve));
  const done = port.read().then((current) =>
    runShift({
      target: port,
      current,
      plan: parseStrategy('canary 10% 10m'),
      previousVersion: '1',
      owner: { runId: '1', attempt: 1, token: 'bench' },
      version: '2',
      startWeight: 0,
      startedAt: Date.now(),
      guards: [
        alarmGuard({ selection, clock: systemClock, read: (s) => describeAlarms(c.cloudWatch, s) }),
      ],
      pollIntervalMs: pollMs,
      onFailure: 'rollback',
      clock: systemClock,
      signal: signal ?? new AbortController().signal,
      onEvent: (e: ShiftEvent) => {
        if (e.type === 'watching') {
          atWatch.calls = new Map(c.calls);
          atWatch.polls = polls.count;
          watching(Date.now());
        }
        if (e.type === 'checked') polls.count++;
      },
    }),
  );
  return { done, watchingAt, calls: c.calls, polls, atWatch };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function restoreLatency(sim: Simulator, pollMs: number): Promise<number[]> {
  const runs = Array.from({ length: RUNS }, async (_, i) => {
    const fn = `bench-${pollMs}-${i}`;
    const [name] = setUp(sim, fn, 1);
    const run = startShift(sim, fn, [name], pollMs);
    await run.watchingAt;
    // A random phase of the poll cycle: the alarm can fire just after a poll or just before.
    await systemClock.sleep(Math.random() * pollMs);
    sim.cloudwatch.setAlarmState(name, 'ALARM', 'bench');
    const fired = Date.now();
    const outcome = await run.done;
    if (outcome.status !== 'rolled-back') throw new Error(`${fn}: ${outcome.status}`);
    const restored = sim.lambda.aliasHistory(fn, 'live').at(-1)!;
    if (restored.functionVersion !== '1' || Object.keys(restored.weights).length > 0)
      throw new Error(`${fn} is not fully restored`);
    return restored.time - fired;
  });
  return Promise.all(runs);
}

/** Calls sent while watching, per poll: the per-minute rate is that times 60 s / poll-interval. */
async function callsPerPoll(sim: Simulator, pollMs: number, watchMs: number) {
  const fn = `bench-calls-${pollMs}`;
  const names = setUp(sim, fn, WATCHED_ALARMS);
  const controller = new AbortController();
  const run = startShift(sim, fn, names, pollMs, controller.signal);
  await run.watchingAt;
  const before = run.atWatch.calls;
  const pollsBefore = run.atWatch.polls;
  await systemClock.sleep(watchMs);
  // Read before the abort: the restore that follows is not watching.
  const during = new Map([...run.calls].map(([op, n]) => [op, n - (before.get(op) ?? 0)]));
  const polls = run.polls.count - pollsBefore;
  controller.abort('bench over');
  await run.done;
  return { during, polls, pollMs };
}

export default async function bench(): Promise<void> {
  const sim = await startSimulator({ clock: 'wall', alarmEvaluationIntervalMs: 3_600_000 });
  try {
    console.log(
      `Alarm in ALARM -> alias fully restored, ${RUNS} runs per poll-interval, wall clock, simulator over HTTP.`,
    );
    console.log(
      'In-process watch loop (core runShift + real adapters), runs side by side: see the header of this file.\n',
    );
    const rows: (string | number)[][] = [];
    for (const pollMs of POLLS_MS) {
      const latencies = await restoreLatency(sim, pollMs);
      const p95 = percentile(latencies, 95);
      rows.push([
        `${pollMs / 1000}s`,
        latencies.length,
        Math.round(median(latencies)),
        Math.round(p95),
        Math.round(Math.max(...latencies)),
        pollMs + 1000,
        p95 <= pollMs + 1000 ? 'yes' : 'NO',
      ]);
    }
    printTable(
      ['poll-interval', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'target p95 ms', 'met'],
      rows,
    );

    console.log(`\nAPI calls per minute of watching ${WATCHED_ALARMS} alarms (by name):\n`);
    const measured = await Promise.all([
      callsPerPoll(sim, 1_000, 10_500),
      callsPerPoll(sim, 10_000, 30_500),
    ]);
    const ops = [...new Set(measured.flatMap((m) => [...m.during.keys()]))].sort();
    printTable(
      [
        'poll-interval',
        'polls watched',
        ...ops.map((op) => `${op} per poll`),
        ...ops.map((op) => `${op} per min`),
      ],
      measured.map((m) => {
        const perPoll = ops.map(
          (op) => Math.round(((m.during.get(op) ?? 0) / Math.max(1, m.polls)) * 100) / 100,
        );
        return [
          `${m.pollMs / 1000}s`,
          m.polls,
          ...perPoll,
          ...perPoll.map((n) => Math.round(n * (60_000 / m.pollMs) * 100) / 100),
        ];
      }),
    );
    console.log(
      '\nTarget: 1 DescribeAlarms per poll (60/min at 1s, 6/min at 10s) for up to 100 alarms, nothing else.',
    );
  } finally {
    await sim.stop();
  }
}
