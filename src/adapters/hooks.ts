// Runs the before-traffic and after-traffic hooks: a Lambda function invoked with the
// deployment's details, or a command run without a shell with the details in SAFE_DEPLOY_*
// variables. Both stop at their timeout and at a cancel, so a hook never holds a restore.
import { spawn } from 'node:child_process';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  type HookDetails,
  type HookResult,
  type HookSpec,
  hookEnvironment,
  judgeLambdaHook,
} from '../core/hook.js';
import { formatDuration } from '../core/inputs.js';
import { errorText } from '../core/error-text.js';

export interface HookContext {
  lambda: LambdaClient;
  timeoutMs: number;
  log: (line: string) => void;
}

export async function runHook(
  spec: HookSpec,
  details: HookDetails,
  signal: AbortSignal,
  context: HookContext,
): Promise<HookResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort('timeout'), context.timeoutMs);
  const both = AbortSignal.any([signal, timeout.signal]);
  const timedOut = (): HookResult => ({
    ok: false,
    reason: `the hook did not finish within hook-timeout (${formatDuration(context.timeoutMs)})`,
  });
  try {
    if (spec.kind === 'lambda') return await invokeHook(spec.functionName, details, both, context);
    return await commandHook(spec.argv, details, both, context);
  } catch (error) {
    if (timeout.signal.aborted && !signal.aborted) return timedOut();
    if (signal.aborted) return { ok: false, reason: `cancelled: ${String(signal.reason)}` };
    return { ok: false, reason: `the hook could not run: ${errorText(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

async function invokeHook(
  functionName: string,
  details: HookDetails,
  signal: AbortSignal,
  context: HookContext,
): Promise<HookResult> {
  context.log(`Invoking ${functionName} (${details.phase})`);
  const out = await context.lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(details)),
    }),
    { abortSignal: signal },
  );
  const payload = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  return judgeLambdaHook(out.FunctionError, payload);
}

/** The step's own inputs and state (the GitHub token among them) are not the hook's business. */
function hookEnv(details: HookDetails): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(INPUT_|STATE_)/.test(key)) env[key] = value;
  }
  return { ...env, ...hookEnvironment(details) };
}

/**
 * node:child_process rather than @actions/exec: exec cannot stop a command, and a hook that
 * outlives its timeout or a cancel must be stopped so the restore is not held up. It is
 * spawned from an argument array with shell: false, so no input becomes shell code.
 */
function commandHook(
  argv: string[],
  details: HookDetails,
  signal: AbortSignal,
  context: HookContext,
): Promise<HookResult> {
  context.log(`Running ${JSON.stringify(argv)} (${details.phase})`);
  return new Promise<HookResult>((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const child = spawn(argv[0], argv.slice(1), {
      shell: false,
      env: hookEnv(details),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${details.phase}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) context.log(prefix + line);
      });
      stream.on('end', () => rest && context.log(prefix + rest));
    }
    const onAbort = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      if (code === 0) resolve({ ok: true, detail: 'exit code 0' });
      else
        resolve({
          ok: false,
          reason: killedBy
            ? `the command was killed by ${killedBy}`
            : `the command exited with code ${code}`,
        });
    });
  });
}
