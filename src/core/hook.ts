// Lifecycle hooks: what the `before-traffic` and `after-traffic` inputs mean, what a hook is
// told, and how its answer is judged. Running one is the adapter's job (src/adapters/hooks.ts).
import { InputError } from './input-error.js';

export type HookPhase = 'before-traffic' | 'after-traffic';

export type HookSpec =
  { kind: 'lambda'; functionName: string } | { kind: 'command'; argv: string[] };

export const HOOK_FORM =
  'lambda:<function name or ARN>, or a command such as ./scripts/smoke-test.sh --fast (run without a shell)';

/**
 * `lambda:my-hook` (or a Lambda ARN) invokes a function; anything else is a command, split
 * into arguments here and run without a shell, so no input ever becomes shell code.
 */
export function parseHook(input: string, raw: string): HookSpec | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^arn:aws[a-z-]*:lambda:/.test(text)) return { kind: 'lambda', functionName: text };
  if (text.startsWith('lambda:')) {
    const functionName = text.slice('lambda:'.length).trim();
    if (!/^[\w:.-]+$/.test(functionName)) throw new InputError(input, raw, HOOK_FORM);
    return { kind: 'lambda', functionName };
  }
  let argv: string[];
  try {
    argv = splitArguments(text);
  } catch (error) {
    throw new InputError(input, raw, `${HOOK_FORM}; ${(error as Error).message}`);
  }
  return { kind: 'command', argv };
}

/**
 * Splits a command line into arguments: whitespace separates, single quotes keep text
 * as is, double quotes allow \" and \\. No expansion of any kind: there is no shell.
 */
export function splitArguments(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) current += line[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (started) args.push(current);
  return args;
}

/** What every hook is told: enough to test the new version directly before it gets traffic. */
export interface HookDetails {
  phase: HookPhase;
  functionName: string;
  alias: string;
  previousVersion: string;
  version: string;
  /** Invoke this (function:version) to call the new version without going through the alias. */
  qualifiedVersion: string;
  strategy: string;
  region: string;
  runUrl?: string;
}

/** The details as environment variables for a command hook. */
export function hookEnvironment(details: HookDetails): Record<string, string> {
  return {
    SAFE_DEPLOY_PHASE: details.phase,
    SAFE_DEPLOY_FUNCTION_NAME: details.functionName,
    SAFE_DEPLOY_ALIAS: details.alias,
    SAFE_DEPLOY_PREVIOUS_VERSION: details.previousVersion,
    SAFE_DEPLOY_VERSION: details.version,
    SAFE_DEPLOY_QUALIFIED_VERSION: details.qualifiedVersion,
    SAFE_DEPLOY_STRATEGY: details.strategy,
    SAFE_DEPLOY_REGION: details.region,
    SAFE_DEPLOY_RUN_URL: details.runUrl ?? '',
  };
}

export type HookResult = { ok: true; detail: string } | { ok: false; reason: string };

/**
 * A Lambda hook fails when the invocation errored (FunctionError) or its answer says
 * {"status": "Failed"} (CodeDeploy's word, any case). Any other answer passes: the hook
 * ran and did not object.
 */
export function judgeLambdaHook(functionError: string | undefined, payload: string): HookResult {
  if (functionError)
    return { ok: false, reason: `the hook function failed (${functionError}): ${clip(payload)}` };
  let parsed: unknown;
  try {
    parsed = payload.trim() === '' ? undefined : JSON.parse(payload);
  } catch {
    parsed = undefined;
  }
  const body = parsed as { status?: unknown; reason?: unknown } | undefined;
  if (typeof body?.status === 'string' && body.status.toLowerCase() === 'failed') {
    const reason = typeof body.reason === 'string' ? `: ${body.reason}` : '';
    return { ok: false, reason: `the hook returned status Failed${reason}` };
  }
  return { ok: true, detail: payload.trim() === '' ? 'no answer' : clip(payload) };
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 300)}…` : one;
}
