// The runner's cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that, then post steps.
import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import {
  runAction,
  RUNNER_SIGKILL_AFTER_MS,
  RUNNER_SIGTERM_AFTER_MS,
  type ActionResult,
} from './runner.js';

const signals = fileURLToPath(new URL('fixtures/signals', import.meta.url));
const fast = { sigtermAfterMs: 400, sigkillAfterMs: 300 };
// Timers never fire early by more than a tick; a loaded 2-core machine may make them late.
const EARLY = 5;
const LATE = 350;

type Mode = 'exit' | 'ignore' | 'default';
function start(onSigint: Mode, onSigterm: Mode, extra: Parameters<typeof runAction>[0] = {}) {
  return runAction({
    actionDir: signals,
    inputs: { 'on-sigint': onSigint, 'on-sigterm': onSigterm },
    cancelTimings: fast,
    ...extra,
  });
}

async function cancelWhenReady(run: ReturnType<typeof runAction>): Promise<ActionResult> {
  await run.waitForLine('ready');
  run.cancel();
  return run;
}

function expectGap(from: number, to: number, expected: number): void {
  expect(to - from).toBeGreaterThanOrEqual(expected - EARLY);
  expect(to - from).toBeLessThan(expected + LATE);
}

function expectPostRan(result: ActionResult): void {
  expect(result.post?.log).toBe('post ran: started=yes\n');
  expect(result.post?.exitCode).toBe(0);
}

describe('cancel', () => {
  it('sends only SIGINT to a step that exits on it, then runs the post step', async () => {
    const result = await cancelWhenReady(start('exit', 'default'));
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT']);
    expect(result.exitCode).toBe(1);
    expect(result.outcome).toBe('cancelled');
    expect(result.cancelled).toBe(true);
    expect(result.log).toContain('got SIGINT\ncleaned up\n');
    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(fast.sigtermAfterMs);
    expectPostRan(result);
  });

  it('records death by SIGINT when the step has no handler', async () => {
    const result = await cancelWhenReady(start('default', 'default'));
    expect(result.signal).toBe('SIGINT');
    expect(result.exitCode).toBeNull();
    expectPostRan(result);
  });

  it('sends SIGTERM after the SIGINT gap to a step that ignores SIGINT', async () => {
    const result = await cancelWhenReady(start('ignore', 'exit'));
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT', 'SIGTERM']);
    expectGap(result.signals[0].atMs, result.signals[1].atMs, fast.sigtermAfterMs);
    expect(result.log).toContain('got SIGINT\ngot SIGTERM\ncleaned up\n');
    expect(result.exitCode).toBe(1);
    expectPostRan(result);
  });

  it('kills with SIGKILL after the SIGTERM gap a step that ignores both', async () => {
    const result = await cancelWhenReady(start('ignore', 'ignore'));
    const [int, term, kill] = result.signals;
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
    expectGap(int.atMs, term.atMs, fast.sigtermAfterMs);
    expectGap(term.atMs, kill.atMs, fast.sigkillAfterMs);
    expect(result.signal).toBe('SIGKILL');
    expect(result.exitedAtMs).toBeGreaterThanOrEqual(kill.atMs);
    expect(result.outcome).toBe('cancelled');
    expectPostRan(result);
  });

  it('starts the sequence by itself with cancelAfterMs', async () => {
    const result = await start('default', 'default', { cancelAfterMs: 800 });
    expect(result.signals[0].signal).toBe('SIGINT');
    expect(result.signals[0].atMs).toBeGreaterThanOrEqual(800 - EARLY);
    expect(result.cancelled).toBe(true);
    expectPostRan(result);
  });

  it('treats timeoutMs like timeout-minutes: the cancel sequence, and the step fails', async () => {
    const result = await start('ignore', 'exit', { timeoutMs: 500 });
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT', 'SIGTERM']);
    expect(result.timedOut).toBe(true);
    expect(result.outcome).toBe('failure');
    expectPostRan(result);
  });

  it('uses the runner timings by default: 7.5 s to SIGTERM, 2.5 s more to SIGKILL', async () => {
    expect([RUNNER_SIGTERM_AFTER_MS, RUNNER_SIGKILL_AFTER_MS]).toEqual([7500, 2500]);
    const result = await cancelWhenReady(start('ignore', 'ignore', { cancelTimings: undefined }));
    const [int, term, kill] = result.signals;
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
    expectGap(int.atMs, term.atMs, 7500);
    expectGap(term.atMs, kill.atMs, 2500);
    expect(result.exitedAtMs - kill.atMs).toBeLessThan(LATE);
    expectPostRan(result);
  }, 30_000);
});

describe('kill', () => {
  it('SIGKILLs at once, like a crashed runner, and the post step still runs', async () => {
    const run = start('ignore', 'ignore');
    await run.waitForLine('ready');
    run.kill();
    const result = await run;
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGKILL']);
    expect(result.signal).toBe('SIGKILL');
    expect(result.killed).toBe(true);
    expect(result.outcome).toBe('failure');
    expectPostRan(result);
  });

  it('runs no post step when the whole runner died', async () => {
    const run = start('ignore', 'ignore');
    await run.waitForLine('ready');
    run.kill({ runPost: false });
    const result = await run;
    expect(result.signal).toBe('SIGKILL');
    expect(result.post).toBeUndefined();
    expect(result.postSkipped).toBe('runner-died');
  });
});
