// One cell of the fault matrix: a fresh simulator, one fault at one phase (or a signal),
// the built bundle run through the runner harness, and the promise checked on what the
// simulator saw: the alias ends fully on one version or the step failed with the state and
// the fix command, and no weight went up before its step's hold was over and checked.
import { encodeRecord } from '../../../src/core/deployment-record.js';
import { startSimulator, type FaultSpec, type Simulator } from '../../../src/sim/index.js';
import { DEFAULT_CONTEXT } from '../../harness/context.js';
import { type ActionResult, type ActionRun, runAction } from '../../harness/runner.js';

export const FN = 'orders';
export const ALARM = 'orders-v4-errors';
/** Two held steps and a promotion: UpdateAlias 1 claims, 2 sets 10%, 3 50%, 4 100%, 5 the record. */
export const PLAN = 'steps 10% 2s, 50% 2s, 100%';
export const HOLD_MS = 2_000;
const PLAN_WEIGHTS = [0.1, 0.5, 1];

export interface Lab {
  sim: Simulator;
  shift(extra?: { attempt?: number; strategy?: string }): ActionRun;
  bake(): ActionRun;
  rollback(): ActionRun;
}

export async function withLab<T>(body: (lab: Lab) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ clock: 'wall', alarmEvaluationIntervalMs: 3_600_000 });
  try {
    sim.lambda.createFunctionWithVersions(FN, 4);
    sim.lambda.createAlias(FN, 'live', '3');
    sim.cloudwatch.putVersionErrorsAlarm({
      name: ALARM,
      functionName: FN,
      alias: 'live',
      version: '4',
      state: 'OK',
    });
    const run = (
      action: string,
      inputs: Record<string, string>,
      env: Record<string, string> = {},
    ) => runAction({ action, inputs, env: { ...sim.env, ...env }, timeoutMs: 90_000 });
    return await body({
      sim,
      shift: ({ attempt, strategy } = {}) =>
        run(
          'shift-traffic',
          {
            'function-name': FN,
            alias: 'live',
            version: '4',
            strategy: strategy ?? PLAN,
            alarms: ALARM,
            'poll-interval': '1s',
          },
          attempt ? { GITHUB_RUN_ATTEMPT: String(attempt) } : {},
        ),
      bake: () =>
        run('bake-and-watch', {
          'function-name': FN,
          alias: 'live',
          alarms: ALARM,
          'bake-time': '15s',
          'max-bake-time': '15s',
          period: '5s',
          'poll-interval': '1s',
        }),
      rollback: () => run('rollback', { 'function-name': FN, alias: 'live' }),
    });
  } finally {
    await sim.stop();
  }
}

/** The alias a canary of this workflow run left at 10% of version 4, recorded as in progress. */
export function splitAt10(sim: Simulator): void {
  const record = encodeRecord({
    previousVersion: '3',
    version: '4',
    strategy: 'canary 10% 5m',
    startedAt: Date.now(),
    status: 'in-progress',
    owner: { runId: DEFAULT_CONTEXT.GITHUB_RUN_ID, attempt: 1, token: '0c0ffee0' },
  });
  sim.lambda.setAliasRouting(FN, 'live', '3', { '4': 0.1 }, record);
}

/** The fault on the n-th UpdateAlias (1-based), once. */
export const onUpdate = (n: number, fault: Omit<FaultSpec, 'operation'>): FaultSpec => ({
  operation: 'Lambda.UpdateAlias',
  skip: n - 1,
  count: 1,
  ...fault,
});

const errorsOf = (r: ActionResult) =>
  [...r.annotations, ...(r.post?.annotations ?? [])]
    .filter((a) => a.level === 'error')
    .map((a) => a.message);

/**
 * The promise, checked on the simulator's record; returns the cell's outcome in words, or
 * throws naming what was broken.
 */
export function judge(sim: Simulator, runs: ActionResult[], { runnerGone = false } = {}): string {
  const alias = sim.lambda.getAlias(FN, 'live') as {
    FunctionVersion: string;
    RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  };
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  const split = Object.values(weights).some((w) => w > 0);
  const last = runs.at(-1)!;
  const failed = last.exitCode !== 0 || (last.post?.exitCode ?? 0) !== 0;
  const problems = holdProblems(sim);
  if (split && runnerGone) {
    // Nothing of the step is left to say anything: the re-run that follows must settle it.
    if (problems.length > 0) throw new Error(problems.join('; '));
    return `left split at ${Object.values(weights)[0]}, runner gone`;
  }
  if (split) {
    const told = errorsOf(last).some(
      (e) => /aws lambda update-alias/.test(e) && /version \d+ at \d+(\.\d+)?%/.test(e),
    );
    if (!failed || !told)
      problems.push(`left split (${JSON.stringify(weights)}) without the state and fix command`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  const where = split
    ? 'left split by someone else; failed with state + fix command'
    : `on ${alias.FunctionVersion}`;
  return `${where}${failed && !split ? ', step failed' : ''}`;
}

/**
 * No weight went up before the stretch at the weight below had lasted its hold (counted
 * from when that weight was first set, across runs) and been checked by a DescribeAlarms
 * after the last write at that weight (a resumed run's claim included).
 */
function holdProblems(sim: Simulator): string[] {
  const history = sim.lambda.aliasHistory(FN, 'live');
  const weightOf = (h: (typeof history)[number]) =>
    h.functionVersion === '4' ? 1 : (h.weights['4'] ?? 0);
  const polls = sim.calls.list({ operation: 'DescribeAlarms' }).map((c) => c.time);
  const problems: string[] = [];
  let stretchStart = 0;
  for (let i = 1; i < history.length; i++) {
    const before = weightOf(history[i - 1]);
    const now = weightOf(history[i]);
    if (now !== before) {
      // Only the plan's own weights are the suite's: 0.3 is the other writer's change.
      if (now > before && before > 0 && PLAN_WEIGHTS.includes(now)) {
        const held = history[i].time - history[stretchStart].time;
        if (held < HOLD_MS - 100)
          problems.push(`went from ${before} to ${now} after ${held} ms at ${before}`);
        // The last write at that weight that said something new (a resumed run's claim);
        // an identical rewrite by someone else is not a new step.
        let j = i - 1;
        while (j > stretchStart && history[j].description === history[j - 1].description) j--;
        const lastWrite = history[j].time;
        if (!polls.some((t) => t >= lastWrite && t <= history[i].time))
          problems.push(`went from ${before} to ${now} without checking the alarms`);
      }
      stretchStart = i;
    }
  }
  return problems;
}
