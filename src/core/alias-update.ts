// The only way the suite changes an alias. Every write carries the RevisionId that was
// read; a stale one means someone else changed the alias, and then nothing is overwritten.
// Both forward shifts and restores go through here, so the rule lives in one place.
import type { AliasState, Routing } from './alias-state.js';
import { describeRouting, fixCommand, isSplit, sameRouting, versionsIn } from './alias-state.js';
import type { Clock } from './clock.js';
import { type RetryOptions, type RetryPolicy, withRetry } from './retry.js';
import { errorText } from './error-text.js';

/** What core needs from the Lambda adapter. */
export interface AliasPort {
  /** `signal` ends the call at once: a cancel must not wait on a call that hangs. */
  read(signal?: AbortSignal): Promise<AliasState>;
  /** UpdateAlias with `revisionId`; rejects with StaleRevisionError on 412. */
  update(
    revisionId: string,
    routing: Routing,
    description?: string,
    signal?: AbortSignal,
  ): Promise<AliasState>;
}

/** The adapter's translation of PreconditionFailedException. */
export class StaleRevisionError extends Error {
  constructor(readonly revisionId: string) {
    super(`the alias changed since revision ${revisionId} was read`);
    this.name = 'StaleRevisionError';
  }
}

/** Someone else changed the alias; the suite stopped without overwriting it. */
export class AliasChangedError extends Error {
  constructor(
    readonly expected: AliasState,
    readonly found: AliasState,
    readonly intended: Routing,
  ) {
    super(
      `Alias ${found.functionName}:${found.alias} was changed by someone else: expected ${describeRouting(expected)} ` +
        `(revision ${expected.revisionId}), found ${describeRouting(found)} (revision ${found.revisionId}). ` +
        `Nothing was overwritten; the suite was about to set ${describeRouting(intended)}.`,
    );
    this.name = 'AliasChangedError';
  }
}

/**
 * What a person does after someone else changed the alias mid-deployment: look, then put
 * it fully on the version that should serve. Both commands are shown; neither is run.
 */
export function changedAliasFix(
  found: AliasState,
  previousVersion: string,
  version: string,
): string {
  const { functionName, alias } = found;
  return (
    `The alias is at ${describeRouting(found)} (revision ${found.revisionId}). Check who changed it, then put it fully on one version: ` +
    `back to version ${previousVersion}: ${fixCommand(functionName, alias, previousVersion)}; ` +
    `or on to version ${version}: ${fixCommand(functionName, alias, version)}`
  );
}

/** A restore that could not finish: says exactly where the alias is and how to fix it. */
export class RestoreFailedError extends Error {
  constructor(
    readonly functionName: string,
    readonly alias: string,
    readonly targetVersion: string,
    readonly lastKnown: AliasState | undefined,
    override readonly cause: unknown,
    /** False when `lastKnown` is from before this attempt: the alias could not be read now. */
    readonly readNow = true,
  ) {
    const seen = lastKnown
      ? `${describeRouting(lastKnown)} (revision ${lastKnown.revisionId})`
      : undefined;
    const where = !seen
      ? 'The alias state could not be read.'
      : readNow
        ? `The alias is at ${seen}.`
        : `The alias could not be read now; it was last seen at ${seen}.`;
    super(
      `Could not restore ${functionName}:${alias} to version ${targetVersion}: ${errorText(cause)}. ${where} ` +
        `Fix it now with: ${fixCommand(functionName, alias, targetVersion)}`,
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

function sameState(a: AliasState, b: AliasState): boolean {
  return sameRouting(a, b) && a.description === b.description;
}

/**
 * Sets `target` on an alias last read as `expected`. Retries throttling, 5xx, conflicts
 * and dropped connections with the same RevisionId. A stale revision is re-read: if the
 * alias already shows `target` (our own write landed though its answer was lost) that is
 * success; if it shows exactly what this run last saw (someone re-wrote the same routing
 * and record, so nothing of theirs would be lost) the write is sent again with the new
 * revision; anything else is someone else's change and throws AliasChangedError.
 */
export async function applyRouting(
  port: AliasPort,
  expected: AliasState,
  target: Routing,
  description: string | undefined,
  options: UpdateOptions,
): Promise<AliasState> {
  const retry = retryOptions(options);
  let seen = expected;
  for (let rewrites = 0; ; rewrites++) {
    try {
      return await withRetry(
        (signal) => port.update(seen.revisionId, target, description, signal),
        retry,
      );
    } catch (error) {
      if (!(error instanceof StaleRevisionError)) throw error;
      const found = await withRetry((signal) => port.read(signal), retry);
      if (
        sameRouting(found, target) &&
        (description === undefined || found.description === description)
      )
        return found;
      if (sameState(found, seen) && rewrites < MAX_IDENTICAL_REWRITES) {
        seen = found;
        continue;
      }
      throw new AliasChangedError(expected, found, target);
    }
  }
}

export interface RestoreRequest {
  functionName: string;
  alias: string;
  /** The version to put back at 100%. */
  previousVersion: string;
  /** The version being deployed; the only other version the alias may show. */
  version: string;
  description?: string;
  /** The alias as last seen, told in the error when it cannot be read now. */
  lastSeen?: AliasState;
}

export interface RestoreResult {
  changed: boolean;
  before: AliasState;
  after: AliasState;
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
  port: AliasPort,
  request: RestoreRequest,
  options: UpdateOptions,
): Promise<AliasState> {
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
  port: AliasPort,
  request: RestoreRequest,
  options: UpdateOptions,
): Promise<RestoreResult> {
  let before: AliasState | undefined;
  let readNow = true;
  try {
    before = await readForRestore(port, request, options);
    readNow = before !== request.lastSeen;
    const target: Routing = { primaryVersion: request.previousVersion };
    if (!isSplit(before) && before.primaryVersion === request.previousVersion) {
      const needsDescription =
        request.description !== undefined && before.description !== request.description;
      if (!needsDescription) return { changed: false, before, after: before };
      const after = await applyRouting(port, before, target, request.description, options);
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
    const after = await applyRouting(port, before, target, request.description, options);
    return { changed: true, before, after };
  } catch (error) {
    const lastKnown =
      error instanceof AliasChangedError ? error.found : (before ?? request.lastSeen);
    throw new RestoreFailedError(
      request.functionName,
      request.alias,
      request.previousVersion,
      lastKnown,
      error,
      error instanceof AliasChangedError || (before !== undefined && readNow),
    );
  }
}
