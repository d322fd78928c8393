// The only way the suite changes a target. Every write carries the token that was read;
// a stale one means someone else changed the target, and then nothing is overwritten.
// Both forward shifts and restores go through here, so the rule lives in one place.
import type { Routing } from './routing.js';
import { describeRouting, isSplit, sameRouting, versionsIn } from './routing.js';
import type { Clock } from './clock.js';
import { type RetryOptions, type RetryPolicy, withRetry } from './retry.js';
import { errorText } from './error-text.js';
import {
  StaleTokenError,
  type TargetCommands,
  type TargetState,
  type TrafficTarget,
} from './traffic-target.js';

/** Someone else changed the target; the suite stopped without overwriting it. */
export class TargetChangedError extends Error {
  constructor(
    readonly expected: TargetState,
    readonly found: TargetState,
    readonly intended: Routing,
  ) {
    super(
      `Alias ${found.name} was changed by someone else: expected ${describeRouting(expected)} ` +
        `(revision ${expected.token}), found ${describeRouting(found)} (revision ${found.token}). ` +
        `Nothing was overwritten; the suite was about to set ${describeRouting(intended)}.`,
    );
    this.name = 'TargetChangedError';
  }
}

/**
 * What a person does after someone else changed the alias mid-deployment: look, then put
 * it fully on the version that should serve. Both commands are shown; neither is run.
 */
export function changedTargetFix(
  commands: TargetCommands,
  found: TargetState,
  previousVersion: string,
  version: string,
): string {
  return (
    `The alias is at ${describeRouting(found)} (revision ${found.token}). Check who changed it, then put it fully on one version: ` +
    `back to version ${previousVersion}: ${commands.fix(previousVersion)}; ` +
    `or on to version ${version}: ${commands.fix(version)}`
  );
}

/** A restore that could not finish: says exactly where the alias is and how to fix it. */
export class RestoreFailedError extends Error {
  constructor(
    readonly commands: TargetCommands,
    readonly targetName: string,
    readonly targetVersion: string,
    readonly lastKnown: TargetState | undefined,
    override readonly cause: unknown,
    /** False when `lastKnown` is from before this attempt: the alias could not be read now. */
    readonly readNow = true,
  ) {
    const seen = lastKnown
      ? `${describeRouting(lastKnown)} (revision ${lastKnown.token})`
      : undefined;
    const where = !seen
      ? 'The alias state could not be read.'
      : readNow
        ? `The alias is at ${seen}.`
        : `The alias could not be read now; it was last seen at ${seen}.`;
    super(
      `Could not restore ${targetName} to version ${targetVersion}: ${errorText(cause)}. ${where} ` +
        `Fix it now with: ${commands.fix(targetVersion)}`,
    );
    this.name = 'RestoreFailedError';
  }
}

export interface UpdateOptions {
  clock: Clock;
  retry?: RetryPolicy;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Ends the calls and their waits at once (the job was cancelled). */
  signal?: AbortSignal;
  /** No single call may take longer: a hung call is given up and retried. */
  attemptTimeoutMs?: number;
}

/** How often in a row an identical rewrite by someone else is tolerated before giving up. */
export const MAX_IDENTICAL_REWRITES = 3;

function retryOptions(options: UpdateOptions): RetryOptions {
  return {
    clock: options.clock,
    policy: options.retry,
    random: options.random,
    onRetry: options.onRetry,
    signal: options.signal,
    attemptTimeoutMs: options.attemptTimeoutMs,
  };
}

function sameState(a: TargetState, b: TargetState): boolean {
  return sameRouting(a, b) && a.record === b.record;
}

/**
 * Sets `target` on a target last read as `expected`. Retries throttling, 5xx, conflicts
 * and dropped connections with the same token. A stale token is re-read: if the
 * target already shows `target` (our own write landed though its answer was lost) that is
 * success; if it shows exactly what this run last saw (someone re-wrote the same routing
 * and record, so nothing of theirs would be lost) the write is sent again with the new
 * token; anything else is someone else's change and throws TargetChangedError.
 */
export async function applyRouting(
  port: TrafficTarget,
  expected: TargetState,
  target: Routing,
  record: string | undefined,
  options: UpdateOptions,
): Promise<TargetState> {
  const retry = retryOptions(options);
  let seen = expected;
  for (let rewrites = 0; ; rewrites++) {
    try {
      return await withRetry((signal) => port.set(seen.token, target, record, signal), retry);
    } catch (error) {
      if (!(error instanceof StaleTokenError)) throw error;
      const found = await withRetry((signal) => port.read(signal), retry);
      if (sameRouting(found, target) && (record === undefined || found.record === record))
        return found;
      if (sameState(found, seen) && rewrites < MAX_IDENTICAL_REWRITES) {
        seen = found;
        continue;
      }
      throw new TargetChangedError(expected, found, target);
    }
  }
}

export interface RestoreRequest {
  /** The version to put back at 100%. */
  previousVersion: string;
  /** The version being deployed; the only other version the target may show. */
  version: string;
  /** The deployment record to write with the restore; undefined leaves it as it is. */
  record?: string;
  /** The target as last seen, told in the error when it cannot be read now. */
  lastSeen?: TargetState;
}

export interface RestoreResult {
  changed: boolean;
  before: TargetState;
  after: TargetState;
}

/** A read that may fail for good before the restore gives up on it: two short tries. */
export const RESTORE_READ_TIMEOUT_MS = 1_500;

/**
 * The alias as a restore starts from. When it cannot be read (GetAlias hung or throttled)
 * and the run knows the state it last saw, that state is used: the RevisionId that goes
 * with it still refuses to overwrite any change since, and a hung read no longer stands
 * between a cancelled run and its restore.
 */
async function readForRestore(
  port: TrafficTarget,
  request: RestoreRequest,
  options: UpdateOptions,
): Promise<TargetState> {
  const read = (retry: RetryOptions) => withRetry((signal) => port.read(signal), retry);
  if (!request.lastSeen) return read(retryOptions(options));
  const bounded: RetryOptions = {
    ...retryOptions(options),
    policy: { attempts: 2, baseMs: 100, capMs: 200, deadline: options.retry?.deadline },
    attemptTimeoutMs: Math.min(options.attemptTimeoutMs ?? Infinity, RESTORE_READ_TIMEOUT_MS),
  };
  return read(bounded).catch(() => request.lastSeen!);
}

/**
 * Puts the alias fully back on the previous version. Idempotent: an alias already there
 * is left alone. Refuses when the alias routes to a version that is neither ours nor the
 * previous one (someone else deployed). Any failure becomes RestoreFailedError, which
 * carries the exact alias state and the command that fixes it.
 */
export async function restorePrevious(
  port: TrafficTarget,
  request: RestoreRequest,
  options: UpdateOptions,
): Promise<RestoreResult> {
  let before: TargetState | undefined;
  let readNow = true;
  try {
    before = await readForRestore(port, request, options);
    readNow = before !== request.lastSeen;
    const target: Routing = { primaryVersion: request.previousVersion };
    if (!isSplit(before) && before.primaryVersion === request.previousVersion) {
      const needsRecord = request.record !== undefined && before.record !== request.record;
      if (!needsRecord) return { changed: false, before, after: before };
      const after = await applyRouting(port, before, target, request.record, options);
      return { changed: false, before, after };
    }
    const foreign = versionsIn(before).filter(
      (v) => v !== request.previousVersion && v !== request.version,
    );
    if (foreign.length > 0) {
      throw new Error(
        `the alias routes to version ${foreign.join(', ')}, which this deployment (${request.previousVersion} -> ${request.version}) did not set; someone else changed it`,
      );
    }
    const after = await applyRouting(port, before, target, request.record, options);
    return { changed: true, before, after };
  } catch (error) {
    const lastKnown =
      error instanceof TargetChangedError ? error.found : (before ?? request.lastSeen);
    throw new RestoreFailedError(
      port.commands,
      port.name,
      request.previousVersion,
      lastKnown,
      error,
      error instanceof TargetChangedError || (before !== undefined && readNow),
    );
  }
}
