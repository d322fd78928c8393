// The post step's logic (post.ts only calls it): when the main step was cancelled or died mid-shift, put the alias back on
// the previous version. It runs inside the runner's cancel window (SIGINT, SIGTERM 7.5 s
// later, kill 2.5 s after that), so every call has a deadline well inside it.
import { describeRouting } from '../core/routing.js';
import { lookAndRestore, type TargetCommands } from '../core/traffic-target.js';
import { RestoreFailedError, restorePrevious } from '../core/routing-update.js';
import { systemClock } from '../core/clock.js';
import { errorText } from '../core/error-text.js';
import { encodeRecord, decodeRecord } from '../core/deployment-record.js';
import { withRetry } from '../core/retry.js';
import { allocationAfterRestore } from '../core/allocation-readiness.js';
import { decideAfterDeath } from '../core/shift-start.js';
import { Reporter } from '../adapters/report.js';
import { getState, runUrl } from '../adapters/runner.js';
import { STATE, parseSaved, type SavedDeployment } from './state.js';

/** The whole post step's budget: under the 7.5 s before SIGTERM, with room to exit. */
export const POST_BUDGET_MS = 5_000;
const REQUEST_TIMEOUT_MS = 1_500;
/** Kept back from the budget for the summary and the exit after the allocation's wait. */
const ALLOCATION_RESERVE_MS = 300;
const ALLOCATION_POLL_MS = 250;
/** Even with the budget spent, the allocation gets one look this long. */
const MIN_READ_MS = 500;

export async function post(): Promise<void> {
  const began = systemClock.now();
  const deadline = began + POST_BUDGET_MS;
  // A second cancel must not cut a restore short: the restore is the way back to safety.
  const reporter = new Reporter();
  const ignore = (): void => reporter.info('Signal received; finishing the restore first.');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  let saved: SavedDeployment | undefined;
  try {
    saved = parseSaved(getState(STATE.deployment));
    const outcome = getState(STATE.outcome);
    if (!saved) return reporter.info('No shift was started: nothing to clean up.');
    if (outcome && outcome !== 'restore-failed')
      return reporter.info(`The main step finished (${outcome}): nothing to clean up.`);

    const why = outcome
      ? 'the main step could not restore the alias'
      : 'the main step did not finish (cancelled or died)';
    const where = saved.cell ? `cell ${saved.cell.name}` : `${saved.functionName}:${saved.alias}`;
    reporter.info(`Post step: ${why}; checking ${where}.`);
    // The SDK loads only when there may be something to restore.
    const { aliasTarget, cellTarget, lambdaClient, readAllocation } =
      await import('../adapters/aws-api.js');
    const client = lambdaClient({
      region: saved.region,
      maxAttempts: 2,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    const port = saved.cell
      ? cellTarget(saved.cell, { region: saved.region, client })
      : aliasTarget(saved, { region: saved.region, client });
    const retry = { attempts: 20, baseMs: 100, capMs: 800, deadline };
    const onRetry = (error: unknown, attempt: number, ms: number): void =>
      reporter.info(`Retry ${attempt} in ${ms} ms: ${errorText(error)}`);
    const alias = await withRetry((signal) => port.read(signal), {
      clock: systemClock,
      policy: retry,
      onRetry,
    }).catch((error: unknown) => {
      throw new Error(unreadable(saved!, port.commands, error));
    });
    reporter.info(`The alias is at ${describeRouting(alias)}.`);
    const decision = decideAfterDeath(saved, alias);
    if (!decision.restore) return reporter.info(`Nothing to restore: ${decision.why}.`);

    const record = decodeRecord(alias.record)!;
    const result = await restorePrevious(
      port,
      {
        previousVersion: saved.previousVersion,
        version: saved.version,
        record: encodeRecord({
          ...record,
          status: 'rolled-back',
          ...(runUrl() ? { runUrl: runUrl() } : {}),
        }),
      },
      { clock: systemClock, retry, onRetry },
    );
    const restoredAt = systemClock.now();
    const took = restoredAt - began;
    // Only an alias the main step found with provisioned concurrency is read, polled for what
    // is left of the budget after the restore; each read ends with it, so a hung call cannot
    // run into SIGTERM (core/allocation-readiness.ts judges what it reads).
    const leftMs = (): number => deadline - ALLOCATION_RESERVE_MS - systemClock.now();
    const ready = saved.provisioned
      ? await allocationAfterRestore({
          read: () =>
            readAllocation(
              client,
              saved!.functionName,
              saved!.alias,
              AbortSignal.timeout(Math.max(MIN_READ_MS, leftMs())),
            ),
          clock: systemClock,
          functionName: saved.functionName,
          alias: saved.alias,
          region: saved.region,
          timeoutMs: Math.max(0, leftMs()),
          pollMs: ALLOCATION_POLL_MS,
          ...(result.changed ? { changedAt: restoredAt } : {}),
        })
      : undefined;
    if (ready?.ok && ready.detail) reporter.info(`Then ${ready.detail}.`);
    reporter.warning(
      `Restored ${port.name} to ${describeRouting(result.after)} in ${took} ms, because ${why}.`,
      'Alias restored by the post step',
    );
    await reporter
      .writeSummary(
        `## shift-traffic post step\n\n**Restored ${port.name} fully to version ${saved.previousVersion} because ${why}.**\n\n` +
          `Before: ${describeRouting(result.before)}. After: ${describeRouting(result.after)}. Took ${took} ms.\n`,
      )
      .catch(() => undefined);
    if (ready && !ready.ok) reporter.fail(ready.reason);
  } catch (error) {
    const text =
      error instanceof RestoreFailedError || saved
        ? errorText(error)
        : `The post step could not check the alias: ${errorText(error)}. If a shift was in flight, restore the previous version with the rollback action.`;
    reporter.fail(text);
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
  }
}

/**
 * What the post step knows when it cannot read the alias: the deployment the main step
 * saved, and the command that puts the alias back, so a person can act at once.
 */
function unreadable(saved: SavedDeployment, commands: TargetCommands, error: unknown): string {
  const { functionName, alias, region, previousVersion, version } = saved;
  return (
    `Could not read ${functionName}:${alias} in ${region} (${errorText(error)}). ` +
    `The main step was shifting it from version ${previousVersion} to version ${version} and did not finish, so it may still be split. ` +
    lookAndRestore(commands, previousVersion)
  );
}
