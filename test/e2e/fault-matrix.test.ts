// The fault matrix: every fault the suite must survive, at every phase that changes the
// alias, and every signal the runner can send, each followed by the post step and a
// re-run, on the built bundles. Each cell must end fully on one version or fail with the
// state and the fix command, and never promote without the planned hold and checks
// (cell.ts). The outcomes form the table in README.md's reliability section: this test
// renders it from what it saw and fails when README.md says otherwise
// (UPDATE_FAULT_MATRIX=1 writes it).
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultSpec } from '../../src/sim/index.js';
import { REPO_ROOT, type ActionResult } from '../harness/runner.js';
import { ALARM, judge, type Lab, onUpdate, splitAt10, withLab } from './fault-matrix/cell.js';

/** A hung call waits out the 10 s request timeout; cells run five at a time on two cores. */
const CELL_TIMEOUT_MS = 150_000;

type Fault = Omit<FaultSpec, 'operation'>;
const FAULTS: [string, Fault][] = [
  ['throttling', { kind: 'throttle', retryAfterSeconds: 0 }],
  ['5xx', { kind: 'server-error' }],
  ['connection drop', { kind: 'drop' }],
  ['409 conflict', { kind: 'conflict' }],
  ['stale: identical rewrite', { kind: 'stale-identical' }],
  [
    "stale: someone else's change",
    { kind: 'stale-foreign', aliasChange: { weights: { '4': 0.3 } } },
  ],
  ['reply lost', { kind: 'reply-lost' }],
  ['hang', { kind: 'hang' }],
];

/** A phase: how to run it, with the fault on the UpdateAlias of that phase. */
type Phase = [string, (fault: Fault) => Promise<string>];

const shiftPhase =
  (n: number): Phase[1] =>
  (fault) =>
    withLab(async (lab) => {
      lab.sim.faults.add(onUpdate(n, fault));
      const result = await lab.shift();
      return judge(lab.sim, [result]);
    });

const PHASES: Phase[] = [
  ['shift: record (claim)', shiftPhase(1)],
  ['shift: first step 10%', shiftPhase(2)],
  ['shift: later step 50%', shiftPhase(3)],
  ['shift: promotion 100%', shiftPhase(4)],
  ['shift: final record', shiftPhase(5)],
  [
    'shift: restore on alarm',
    (fault) =>
      withLab(async (lab) => {
        lab.sim.faults.add(onUpdate(3, fault));
        const run = lab.shift({ strategy: 'canary 10% 20s' });
        await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
        lab.sim.cloudwatch.setAlarmState(ALARM, 'ALARM', 'Threshold Crossed');
        return judge(lab.sim, [await run]);
      }),
  ],
  [
    'bake-and-watch: restore',
    (fault) =>
      withLab(async (lab) => {
        splitAt10(lab.sim);
        lab.sim.cloudwatch.setAlarmState(ALARM, 'ALARM', 'Threshold Crossed');
        lab.sim.faults.add(onUpdate(1, fault));
        return judge(lab.sim, [await lab.bake()]);
      }),
  ],
  [
    'rollback',
    (fault) =>
      withLab(async (lab) => {
        splitAt10(lab.sim);
        lab.sim.faults.add(onUpdate(1, fault));
        return judge(lab.sim, [await lab.rollback()]);
      }),
  ],
];

type Interrupt = [
  string,
  (run: ReturnType<Parameters<Parameters<typeof withLab>[0]>[0]['shift']>) => void,
];
const RUNNER_DIES = 'runner dies, no post step';
const SIGNALS: Interrupt[] = [
  ['SIGINT (cancel)', (run) => run.cancel()],
  ['SIGTERM alone', (run) => run.terminate()],
  ['SIGKILL, post step runs', (run) => run.kill()],
  [RUNNER_DIES, (run) => run.kill({ runPost: false })],
];
/** Where the interrupt lands: on a held step, or while a write of that phase is in flight. */
const AT: [string, { line?: RegExp; update?: number }][] = [
  ['during the claim', { update: 1 }],
  ['at 10%', { line: /Shifted: version 3 at 90% and version 4 at 10%/ }],
  ['at 50%', { line: /Shifted: version 3 at 50% and version 4 at 50%/ }],
  ['during the promotion', { update: 4 }],
  ['during the final record', { update: 5 }],
];

/** A write held in flight long enough to interrupt: the simulator answers it 3 s late. */
const IN_FLIGHT_MS = 3_000;

async function untilUpdate(lab: Lab, n: number): Promise<void> {
  while (lab.sim.calls.count('UpdateAlias') < n) await new Promise((r) => setTimeout(r, 20));
}

const table = new Map<string, Map<string, string>>();
const note = (row: string, column: string, outcome: string) => {
  if (!table.has(row)) table.set(row, new Map());
  table.get(row)!.set(column, outcome);
};

describe('the fault matrix', () => {
  for (const [phase, runPhase] of PHASES)
    for (const [fault, spec] of FAULTS)
      it.concurrent(
        `${fault} at ${phase}`,
        async () => {
          note(phase, fault, await runPhase(spec));
        },
        CELL_TIMEOUT_MS,
      );

  for (const [signal, send] of SIGNALS)
    for (const [at, where] of AT)
      it.concurrent(
        `${signal} ${at}, then the post step and a re-run`,
        async () => {
          const outcome = await withLab(async (lab) => {
            if (where.update)
              lab.sim.faults.add(
                onUpdate(where.update, { kind: 'latency', latencyMs: IN_FLIGHT_MS }),
              );
            const run = lab.shift();
            if (where.line) await run.waitForLine(where.line);
            else await untilUpdate(lab, where.update!);
            send(run);
            const first: ActionResult = await run;
            const afterFirst = judge(lab.sim, [first], { runnerGone: signal === RUNNER_DIES });
            const rerun = await lab.shift({ attempt: 2 });
            expect(rerun.exitCode).toBe(0);
            return `${afterFirst}; re-run: ${judge(lab.sim, [first, rerun])}`;
          });
          note(`${signal}, then re-run`, at, outcome);
        },
        CELL_TIMEOUT_MS,
      );
});

const MARK = ['<!-- fault-matrix -->', '<!-- /fault-matrix -->'];

/** The matrix as Markdown: phases down, faults (or signal timings) across. */
function render(): string {
  const section = (rows: string[], columns: string[]) =>
    [
      `| | ${columns.join(' | ')} |`,
      `| --- | ${columns.map(() => '---').join(' | ')} |`,
      ...rows.map(
        (r) => `| ${r} | ${columns.map((c) => table.get(r)?.get(c) ?? '?').join(' | ')} |`,
      ),
    ].join('\n');
  return [
    section(
      PHASES.map(([p]) => p),
      FAULTS.map(([f]) => f),
    ),
    '',
    section(
      SIGNALS.map(([s]) => `${s}, then re-run`),
      AT.map(([a]) => a),
    ),
  ].join('\n');
}

afterAll(() => {
  const cells = PHASES.length * FAULTS.length + SIGNALS.length * AT.length;
  const seen = [...table.values()].reduce((n, row) => n + row.size, 0);
  if (seen < cells) return; // some cells failed or were filtered out: they say why themselves
  const file = join(REPO_ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const [start, end] = [readme.indexOf(MARK[0]), readme.indexOf(MARK[1])];
  const generated = `${MARK[0]}\n${render()}\n${MARK[1]}`;
  const current = start >= 0 && end > start ? readme.slice(start, end + MARK[1].length) : '';
  if (process.env.UPDATE_FAULT_MATRIX === '1' && current) {
    writeFileSync(file, readme.replace(current, generated));
    return;
  }
  expect(current).toBe(generated);
});
