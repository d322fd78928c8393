// One step's node process: spawned without a shell, its stdout and stderr merged line by line
// in arrival order (as the runner shows them), and stopped the way the runner stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** The runner's cancellation timings: SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s later. */
export const RUNNER_SIGTERM_AFTER_MS = 7500;
export const RUNNER_SIGKILL_AFTER_MS = 2500;

export interface CancelTimings {
  /** From SIGINT to SIGTERM. Default 7500. */
  sigtermAfterMs?: number;
  /** From SIGTERM to SIGKILL. Default 2500. */
  sigkillAfterMs?: number;
}

export interface SignalRecord {
  signal: NodeJS.Signals;
  /** Milliseconds since the process was spawned. */
  atMs: number;
}

export interface ProcessRecord {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, merged by whole lines in the order they arrived. */
  log: string;
  stdout: string;
  stderr: string;
  /** Spawn to the first complete line on stdout or stderr; null if the process printed none. */
  firstOutputMs: number | null;
  /** Signals sent by the harness, in order. */
  signals: SignalRecord[];
  /** Spawn to exit. */
  exitedAtMs: number;
}

export interface StepProcessOptions {
  node: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  onLine?: (line: string) => void;
}

// Children still running when the test process exits would outlive it: kill them on the way out.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // detached: the child leads its own process group, so this reaches its children too.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export class StepProcess {
  readonly done: Promise<ProcessRecord>;
  private readonly child: ChildProcess;
  private readonly started = performance.now();
  private readonly signals: SignalRecord[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private exited = false;
  private cancelling = false;

  constructor(options: StepProcessOptions) {
    this.child = spawn(options.node, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    live.add(this.child);
    this.done = this.collect(options.onLine);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  /** The runner's cancel: SIGINT, then SIGTERM, then SIGKILL to the tree, each only if still alive. */
  cancel(timings: CancelTimings = {}): void {
    if (this.exited || this.cancelling) return;
    this.cancelling = true;
    const sigtermAfter = timings.sigtermAfterMs ?? RUNNER_SIGTERM_AFTER_MS;
    const sigkillAfter = timings.sigkillAfterMs ?? RUNNER_SIGKILL_AFTER_MS;
    this.send('SIGINT');
    this.timers.push(
      setTimeout(() => {
        this.send('SIGTERM');
        this.timers.push(setTimeout(() => this.send('SIGKILL'), sigkillAfter));
      }, sigtermAfter),
    );
  }

  /** SIGKILL to the whole tree at once: a runner that crashed. */
  kill(): void {
    this.send('SIGKILL');
  }

  /** SIGTERM alone, as a machine shutting down sends it, with the runner's SIGKILL after. */
  terminate(sigkillAfterMs = RUNNER_SIGKILL_AFTER_MS): void {
    if (this.exited || this.cancelling) return;
    this.cancelling = true;
    this.send('SIGTERM');
    this.timers.push(setTimeout(() => this.send('SIGKILL'), sigkillAfterMs));
  }

  private send(signal: NodeJS.Signals): void {
    if (this.exited) return;
    this.signals.push({ signal, atMs: this.elapsed() });
    if (signal === 'SIGKILL') killGroup(this.child, signal);
    else this.child.kill(signal);
  }

  private collect(onLine?: (line: string) => void): Promise<ProcessRecord> {
    const merged: string[] = [];
    const raw = { stdout: '', stderr: '' };
    const pending = { stdout: '', stderr: '' };
    let firstOutputMs: number | null = null;
    const emit = (line: string): void => {
      firstOutputMs ??= this.elapsed();
      merged.push(line);
      onLine?.(line);
    };
    const attach = (name: 'stdout' | 'stderr'): void => {
      this.child[name]!.setEncoding('utf8');
      this.child[name]!.on('data', (chunk: string) => {
        raw[name] += chunk;
        const parts = (pending[name] + chunk).split('\n');
        pending[name] = parts.pop()!;
        for (const line of parts) emit(line.replace(/\r$/, ''));
      });
    };
    attach('stdout');
    attach('stderr');

    return new Promise((resolve, reject) => {
      let exit: { code: number | null; signal: NodeJS.Signals | null; atMs: number } | undefined;
      let finished = false;
      const finish = (): void => {
        if (!exit || finished) return;
        finished = true;
        for (const name of ['stdout', 'stderr'] as const) {
          if (pending[name] !== '') emit(pending[name]);
          pending[name] = '';
        }
        live.delete(this.child);
        resolve({
          exitCode: exit.code,
          signal: exit.signal,
          log: merged.map((line) => `${line}\n`).join(''),
          stdout: raw.stdout,
          stderr: raw.stderr,
          firstOutputMs,
          signals: [...this.signals],
          exitedAtMs: exit.atMs,
        });
      };
      this.child.on('error', (error) => {
        live.delete(this.child);
        reject(error);
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        for (const timer of this.timers) clearTimeout(timer);
        exit = { code, signal, atMs: this.elapsed() };
        // A grandchild holding the pipes open must not hang the test: give 'close' a moment.
        const grace = setTimeout(() => {
          this.child.stdout?.destroy();
          this.child.stderr?.destroy();
          finish();
        }, 1000);
        this.child.once('close', () => {
          clearTimeout(grace);
          finish();
        });
      });
    });
  }
}
