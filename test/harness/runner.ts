// Runs a built action the way a GitHub-hosted runner does: `node <main>` with INPUT_* and the
// GITHUB_* context, fresh file-command files, then the post step (subject to post-if) with the
// saved state as STATE_*. Cancel and kill behave like the runner's; see step-process.ts.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyOverrides,
  baseEnv,
  createRunnerDirs,
  createStepFiles,
  DEFAULT_CONTEXT,
  defaultEvent,
  inputVariable,
  type RunnerDirs,
  type StepFiles,
} from './context.js';
import { evaluatePostIf, expandDefault, readActionManifest, type StepOutcome } from './manifest.js';
import {
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommands,
  toAnnotations,
  type Annotation,
  type WorkflowCommand,
} from './runner-files.js';
import { StepProcess, type CancelTimings, type ProcessRecord } from './step-process.js';

export type { Annotation, WorkflowCommand } from './runner-files.js';
export type { CancelTimings, SignalRecord } from './step-process.js';
export { RUNNER_SIGKILL_AFTER_MS, RUNNER_SIGTERM_AFTER_MS } from './step-process.js';
export type { StepOutcome } from './manifest.js';
export { OFFLINE_ENV } from './context.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunActionOptions {
  /** An action of this repository: actions/<action>/action.yml. */
  action?: string;
  /** Any directory holding an action.yml (fixtures). */
  actionDir?: string;
  /** A script run directly, without action.yml; no post step unless `postEntry` is given. */
  entry?: string;
  postEntry?: string;
  repoRoot?: string;
  inputs?: Record<string, string | number | boolean>;
  /** Fill unset inputs from action.yml defaults, as the runner does. Default true. */
  inputDefaults?: boolean;
  /** Overrides the runner's variables; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Start from this process's env minus GITHUB_/INPUT_/STATE_/RUNNER_/AWS_*. Default true. */
  inheritEnv?: boolean;
  /** Payload written to GITHUB_EVENT_PATH. Default: a push to GITHUB_REF. */
  event?: unknown;
  /** What `${{ github.token }}` in an input default expands to. */
  githubToken?: string;
  /** Node binary. Default: the one running the tests. */
  node?: string;
  /** Start the runner's cancel sequence this long after the main step starts. */
  cancelAfterMs?: number;
  cancelTimings?: CancelTimings;
  /** The step's timeout-minutes, in ms: cancels like the runner and fails the step. Default 10 min. */
  timeoutMs?: number;
  /** Run the post step at all. Default true. */
  runPost?: boolean;
  /** Keep the temporary directory and return it as `tempDir`. */
  keepTemp?: boolean;
  /** Every line of output as it arrives, with the step it came from (the demo's live log). */
  onLine?: (line: string, step: 'main' | 'post') => void;
}

export interface StepResult extends ProcessRecord {
  entry: string;
  outcome: StepOutcome;
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** Variables written to GITHUB_ENV (the later steps see them). */
  env: Record<string, string>;
  /** Directories written to GITHUB_PATH. */
  path: string[];
  summary: string;
  annotations: Annotation[];
  commands: WorkflowCommand[];
  /** Values registered with ::add-mask::. */
  masks: string[];
}

export interface ActionResult extends StepResult {
  post?: StepResult;
  /** Why an action with a post step did not run it. */
  postSkipped?: 'post-if' | 'disabled' | 'runner-died';
  cancelled: boolean;
  timedOut: boolean;
  killed: boolean;
  tempDir?: string;
}

export interface ActionControls {
  /** The runner's cancel of the main step: SIGINT, SIGTERM after 7.5 s, SIGKILL after 2.5 s. */
  cancel(): void;
  /** SIGKILL now. `runPost: false` is a runner that died entirely: no post step either. */
  kill(options?: { runPost?: boolean }): void;
  /** SIGTERM without the SIGINT first (a machine shutting down), SIGKILL 2.5 s later. */
  terminate(): void;
  /** Resolves with the first log line (main or post) matching, already printed or to come. */
  waitForLine(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
}

export type ActionRun = Promise<ActionResult> & ActionControls;

interface Target {
  main: string;
  post?: string;
  postIf: string;
  defaults: Record<string, string>;
}

function resolveTarget(options: RunActionOptions, root: string): Target {
  if (options.entry) {
    return {
      main: resolve(options.entry),
      ...(options.postEntry ? { post: resolve(options.postEntry) } : {}),
      postIf: 'always()',
      defaults: {},
    };
  }
  const dir = options.actionDir ?? (options.action && join(root, 'actions', options.action));
  if (!dir) throw new Error('runAction: give one of action, actionDir or entry');
  const manifest = readActionManifest(resolve(dir));
  if (manifest.pre) throw new Error(`runAction: ${dir} has a pre step; the harness runs none`);
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    if (spec.default !== undefined) defaults[name] = spec.default;
  }
  return { main: manifest.main, post: manifest.post, postIf: manifest.postIf, defaults };
}

function readStep(entry: string, files: StepFiles, record: ProcessRecord) {
  const read = (name: keyof StepFiles): string => readFileSync(files[name], 'utf8');
  const commands = parseWorkflowCommands(record.log);
  return {
    ...record,
    entry,
    outputs: parseKeyValueFile(read('GITHUB_OUTPUT'), 'GITHUB_OUTPUT'),
    state: parseKeyValueFile(read('GITHUB_STATE'), 'GITHUB_STATE'),
    env: parseKeyValueFile(read('GITHUB_ENV'), 'GITHUB_ENV'),
    path: parsePathFile(read('GITHUB_PATH')),
    summary: read('GITHUB_STEP_SUMMARY'),
    annotations: toAnnotations(commands),
    commands,
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
  };
}

function contextEnv(options: RunActionOptions, dirs: RunnerDirs): Record<string, string> {
  const env = applyOverrides(
    {
      ...baseEnv(options.inheritEnv ?? true),
      ...DEFAULT_CONTEXT,
      GITHUB_WORKSPACE: dirs.workspace,
      GITHUB_EVENT_PATH: dirs.eventPath,
      RUNNER_TEMP: dirs.runnerTemp,
      RUNNER_TOOL_CACHE: join(dirs.root, 'tool-cache'),
    },
    options.env,
  );
  writeFileSync(dirs.eventPath, JSON.stringify(options.event ?? defaultEvent(env), null, 2));
  return env;
}

function inputEnv(options: RunActionOptions, target: Target, env: NodeJS.ProcessEnv) {
  const values: Record<string, string> = {};
  if (options.inputDefaults ?? true) {
    for (const [name, value] of Object.entries(target.defaults)) {
      values[inputVariable(name)] = expandDefault(value, env, options.githubToken ?? '');
    }
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    values[inputVariable(name)] = String(value);
  }
  return values;
}

export function runAction(options: RunActionOptions): ActionRun {
  const target = resolveTarget(options, options.repoRoot ?? REPO_ROOT);
  const dirs = createRunnerDirs();
  const env = contextEnv(options, dirs);
  const jobEnv = { ...env, ...inputEnv(options, target, env) };
  const flags = { cancelled: false, timedOut: false, killed: false, postAfterKill: true };
  const lines: string[] = [];
  let finished = false;
  const waiters = new Set<{ test: (line: string) => boolean; settle: (line?: string) => void }>();
  let step: 'main' | 'post' = 'main';
  const onLine = (line: string): void => {
    options.onLine?.(line, step);
    lines.push(line);
    for (const waiter of waiters) if (waiter.test(line)) waiter.settle(line);
  };
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const start = (step: string, entry: string, extra: Record<string, string>) => {
    const files = createStepFiles(dirs, step);
    const node = options.node ?? process.execPath;
    const proc = new StepProcess({
      node,
      args: [entry],
      env: { ...jobEnv, ...extra, ...files },
      cwd: dirs.workspace,
      onLine,
    });
    return { proc, files };
  };

  const main = start('main', target.main, {});
  let current = main.proc;
  const cancel = (): void => {
    if (current !== main.proc) return;
    flags.cancelled = true;
    main.proc.cancel(options.cancelTimings);
  };
  const timers = [
    options.cancelAfterMs !== undefined && setTimeout(cancel, options.cancelAfterMs),
    setTimeout(() => {
      flags.timedOut = true;
      main.proc.cancel(options.cancelTimings);
    }, timeoutMs),
  ];

  const run = async (): Promise<ActionResult> => {
    try {
      const record = await main.proc.done;
      const outcome: StepOutcome = flags.cancelled
        ? 'cancelled'
        : record.exitCode === 0 && !flags.timedOut
          ? 'success'
          : 'failure';
      const result: ActionResult = {
        ...readStep(target.main, main.files, record),
        outcome,
        cancelled: flags.cancelled,
        timedOut: flags.timedOut,
        killed: flags.killed,
      };
      if (target.post) {
        if (options.runPost === false) result.postSkipped = 'disabled';
        else if (flags.killed && !flags.postAfterKill) result.postSkipped = 'runner-died';
        else if (!evaluatePostIf(target.postIf, outcome)) result.postSkipped = 'post-if';
        else result.post = await runPost(target.post, result);
      }
      if (options.keepTemp) result.tempDir = dirs.root;
      return result;
    } finally {
      finished = true;
      for (const timer of timers) if (timer) clearTimeout(timer);
      for (const waiter of waiters) waiter.settle();
      if (!options.keepTemp) rmSync(dirs.root, { recursive: true, force: true });
    }
  };

  const runPost = async (entry: string, mainResult: StepResult): Promise<StepResult> => {
    const state: Record<string, string> = {};
    for (const [name, value] of Object.entries(mainResult.state)) state[`STATE_${name}`] = value;
    const pathPrefix = [...mainResult.path].reverse().join(delimiter);
    const basePath = mainResult.env.PATH ?? jobEnv.PATH ?? '';
    const PATH = pathPrefix ? `${pathPrefix}${delimiter}${basePath}` : basePath;
    step = 'post';
    const post = start('post', entry, { ...mainResult.env, PATH, ...state });
    current = post.proc;
    const timer = setTimeout(() => post.proc.cancel(options.cancelTimings), timeoutMs);
    const record = await post.proc.done.finally(() => clearTimeout(timer));
    return {
      ...readStep(entry, post.files, record),
      outcome: record.exitCode === 0 ? 'success' : 'failure',
    };
  };

  const waitForLine = (pattern: RegExp | string, timeoutMs = 30_000): Promise<string> => {
    const test = (line: string): boolean =>
      typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
    const seen = lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    if (finished) return Promise.reject(new Error(`no line matching ${pattern}: the run is over`));
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => waiter.settle(), timeoutMs);
      const waiter = {
        test,
        settle: (line?: string): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (line !== undefined) resolvePromise(line);
          else reject(new Error(`no line matching ${pattern} in:\n${lines.slice(-20).join('\n')}`));
        },
      };
      waiters.add(waiter);
    });
  };

  const kill = ({ runPost: postAfter = true }: { runPost?: boolean } = {}): void => {
    if (current === main.proc) {
      flags.killed = true;
      flags.postAfterKill = postAfter;
    }
    current.kill();
  };

  const terminate = (): void => {
    if (current === main.proc) flags.cancelled = true;
    current.terminate();
  };

  return Object.assign(run(), { cancel, kill, terminate, waitForLine });
}
