// The only way the suite changes an alias. Every write carries the RevisionId that was
// read; a stale one means someone else changed the alias, and then nothing is overwritten.
// Both forward shifts and restores go through here, so the rule lives in one place.
import type { AliasState, Routing } from './alias-state.js';
import { describeRouting, fixCommand, isSplit, sameRouting, versionsIn } from './alias-state.js';
import type { Clock } from './clock.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { errorText } from './error-text.js';

/** What core needs from the Lambda adapter. */
export interface AliasPort {
  read(): Promise<AliasState>;
  /** UpdateAlias with `revisionId`; rejects with StaleRevisionError on 412. */
  update(revisionId: string, routing: Routing, description?: string): Promise<AliasState>;
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

/** A restore that could not finish: says exactly where the alias is and how to fix it. */
export class RestoreFailedError extends Error {
  constructor(
    readonly functionName: string,
    readonly alias: string,
    readonly targetVersion: string,
    readonly lastKnown: AliasState | undefined,
    override readonly cause: unknown,
  ) {
    const where = lastKnown
      ? `The alias is at ${describeRouting(lastKnown)} (revision ${lastKnown.revisionId}).`
      : 'The alias state could not be read.';
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
}

/**
 * Sets `target` on an alias last read as `expected`. Retries throttling, 5xx, conflicts
 * and dropped connections with the same RevisionId. A stale revision is re-read: if the
 * alias already shows `target` (our own write landed though its answer was lost) that is
 * success; anything else is someone else's change and throws AliasChangedError.
 */
export async function applyRouting(
  port: AliasPort,
  expected: AliasState,
  target: Routing,
  description: string | undefined,
  options: UpdateOptions,
): Promise<AliasState> {
  const retry = {
    clock: options.clock,
    policy: options.retry,
    random: options.random,
    onRetry: options.onRetry,
  };
  try {
    return await withRetry(() => port.update(expected.revisionId, target, description), retry);
  } catch (error) {
    if (!(error instanceof StaleRevisionError)) throw error;
    const found = await withRetry(() => port.read(), retry);
    if (
      sameRouting(found, target) &&
      (description === undefined || found.description === description)
    )
      return found;
    throw new AliasChangedError(expected, found, target);
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
}

export interface RestoreResult {
  changed: boolean;
  before: AliasState;
  after: AliasState;
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
  try {
    const retry = {
      clock: options.clock,
      policy: options.retry,
      random: options.random,
      onRetry: options.onRetry,
    };
    before = await withRetry(() => port.read(), retry);
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
    const lastKnown = error instanceof AliasChangedError ? error.found : before;
    throw new RestoreFailedError(
      request.functionName,
      request.alias,
      request.previousVersion,
      lastKnown,
      error,
    );
  }
}
