// rollback: puts a Lambda alias fully back on its previous version, from the deployment
// record or an explicit version, and proves it with GetAlias; by default only when this
// workflow run made the deployment. Wiring only: the decisions are in decide.ts and core's
// restorePrevious.
import { postDeploymentStatus } from '../adapters/deployment-status.js';
import { describeRouting, isSplit, versionsIn } from '../core/routing.js';
import { RestoreFailedError, restorePrevious } from '../core/routing-update.js';
import {
  lookAndRestore,
  type TargetCommands,
  type TargetState,
  type TrafficTarget,
} from '../core/traffic-target.js';
import { aliasCommands } from '../adapters/lambda/commands.js';
import { systemClock } from '../core/clock.js';
import { errorText } from '../core/error-text.js';
import { InputError } from '../core/input-error.js';
import { formatDuration } from '../core/inputs.js';
import { withRetry } from '../core/retry.js';
import { type ReadAllocation } from '../core/provisioned-concurrency.js';
import { allocationAfterRestore, unreadableWarning } from '../core/allocation-readiness.js';
import { resolveRegion } from '../core/region.js';
import { rawInput, secretInput } from '../adapters/action-inputs.js';
import { cancellationSignal } from '../adapters/cancellation.js';
import { Reporter } from '../adapters/report.js';
import { runUrl } from '../adapters/runner.js';
import { thisRun } from '../adapters/run-identity.js';
import { planRollback, rollbackIntent, type RollbackPlan } from './decide.js';
import { parseRollbackInputs, type RollbackInputs } from './inputs.js';
import { failureSummary, skippedSummary, successSummary } from './summary.js';

export async function run(): Promise<void> {
  const reporter = new Reporter();
  // A rollback is the way back to safety: a cancelled job must not stop it half way, so
  // the first signal is noted and the restore carries on (the runner allows ~10 s).
  const cancel = cancellationSignal();
  cancel.signal.addEventListener('abort', () =>
    reporter.warning('The job was cancelled; finishing the rollback, which is the safe state.'),
  );
  let inputs: RollbackInputs | undefined;
  let state: TargetState | undefined;
  let plan: RollbackPlan | undefined;
  let target: TrafficTarget | undefined;
  try {
    inputs = parseRollbackInputs({
      'function-name': rawInput('function-name'),
      alias: rawInput('alias'),
      functions: rawInput('functions'),
      'cell-name': rawInput('cell-name'),
      'previous-version': rawInput('previous-version'),
      undo: rawInput('undo'),
      reason: rawInput('reason'),
      'github-token': secretInput('github-token'),
      environment: rawInput('environment'),
      'deployment-status': rawInput('deployment-status'),
      region: rawInput('region'),
      'provisioned-concurrency-timeout': rawInput('provisioned-concurrency-timeout'),
    });
    const region = resolveRegion(inputs.region);
    const what = inputs.cell
      ? `cell ${inputs.cell.name} (${inputs.cell.functions.length} functions)`
      : `${inputs.functionName}:${inputs.alias}`;
    reporter.info(
      `Rolling back ${what} in ${region} to ${inputs.previousVersion ? `version ${inputs.previousVersion}` : 'the previous version in its deployment record'}${inputs.undo === 'this-run' ? ', if this run deployed it' : ''}.`,
    );
    // The SDK loads only now, once every input is known to be good (it takes ~100 ms).
    const { aliasTarget, cellTarget, lambdaClient, readAllocation } =
      await import('../adapters/aws-api.js');
    const lambda = lambdaClient({ region });
    const port = inputs.cell
      ? cellTarget(inputs.cell, { region, client: lambda })
      : aliasTarget(inputs, { region, client: lambda });
    target = port;
    const retry = {
      clock: systemClock,
      onRetry: (error: unknown, attempt: number, delayMs: number) =>
        reporter.info(`Retry ${attempt} in ${formatDuration(delayMs)}: ${errorText(error)}`),
    };

    const read = await withRetry((s) => port.read(s), retry).catch((error: unknown) => {
      throw new Error(unreadable(inputs!, port.commands, error));
    });
    state = read;
    reporter.info(`${port.name} is at ${describeRouting(read)}.`);
    const me = thisRun();
    const intent = rollbackIntent(read, inputs.undo, me.runId);
    if (!intent.act) {
      reporter.notice(intent.reason, 'Nothing rolled back');
      reporter.setOutputs({ 'restored-version': '', 'from-version': '', changed: false });
      await reporter.writeSummary(
        skippedSummary({ state: read, reason: inputs.reason, why: intent.reason }),
      );
      return;
    }
    plan = planRollback(read, inputs.previousVersion, {
      now: systemClock.now(),
      runUrl: runUrl(),
      owner: me,
      commands: port.commands,
    });
    const previousVersion = plan.request.previousVersion;
    reporter.info(`Restoring version ${previousVersion} (from the ${plan.source}).`);

    // The decision above was made on this read, so the update carries its RevisionId:
    // any change since then is someone else's and is refused, not overwritten.
    const result = await restorePrevious(readFirst(port, read), plan.request, retry);
    const restoredAt = systemClock.now();
    state = result.after;
    const verified = await withRetry((s) => port.read(s), retry);
    state = verified;
    if (isSplit(verified) || verified.primaryVersion !== previousVersion) {
      throw new RestoreFailedError(
        port.commands,
        port.name,
        previousVersion,
        verified,
        new Error(`GetAlias after the update shows ${describeRouting(verified)}`),
      );
    }

    const from = result.changed
      ? versionsIn(result.before).filter((v) => v !== previousVersion)
      : [];
    reporter.setOutputs({
      'restored-version': previousVersion,
      'from-version': from.join(','),
      changed: result.changed,
    });
    reporter.info(
      result.changed
        ? `Rolled back to version ${previousVersion}; the alias is at ${describeRouting(verified)}.`
        : `Already fully on version ${previousVersion}: nothing to roll back.`,
    );
    // A restore that moved traffic re-allocates the alias' provisioned concurrency, if it has
    // any: the rollback is done when that is READY again (core/allocation-readiness.ts).
    // A cell's functions are not waited on for provisioned concurrency (see the README).
    const notReady =
      result.changed && !inputs.cell
        ? await allocationAfterRestored(
            (sig) =>
              withRetry((s) => readAllocation(lambda, inputs!.functionName, inputs!.alias, s), {
                ...retry,
                ...(sig ? { signal: sig } : {}),
              }),
            inputs,
            region,
            reporter,
            restoredAt,
            cancel.signal,
          )
        : undefined;
    const deployment = await postDeploymentStatus(
      reporter,
      inputs,
      inputs.deploymentStatus,
      `Rolled back to version ${previousVersion}${inputs.reason ? `: ${inputs.reason}` : ''}`,
    );
    await reporter.writeSummary(
      successSummary({
        plan,
        reason: inputs.reason,
        changed: result.changed,
        before: result.before,
        verified,
        deployment,
      }) + (notReady ? `\n**${notReady}**\n` : ''),
    );
    if (notReady) reporter.fail(notReady);
  } catch (error) {
    const failure = explain(error, plan, inputs?.functionName ?? rawInput('function-name'));
    if (error instanceof RestoreFailedError) state = error.lastKnown ?? state;
    reporter.fail(failure);
    if (inputs) {
      await postDeploymentStatus(reporter, inputs, 'error', `Rollback failed: ${failure}`);
    }
    await reporter.writeSummary(
      failureSummary({
        functionName: inputs?.functionName ?? rawInput('function-name'),
        alias: inputs?.alias ?? rawInput('alias'),
        commands:
          target?.commands ??
          aliasCommands(
            inputs?.functionName ?? rawInput('function-name'),
            inputs?.alias ?? rawInput('alias'),
          ),
        reason: inputs?.reason ?? rawInput('reason'),
        message: failure,
        ...(state ? { state } : {}),
        ...(error instanceof InputError
          ? { stateUnknown: 'the inputs were refused before any AWS call' }
          : {}),
        ...(plan && !isNotFound(error) ? { targetVersion: plan.request.previousVersion } : {}),
      }),
    );
  } finally {
    cancel.dispose();
  }
}

/**
 * After a restore: READY again (or no provisioned concurrency) is undefined; anything else
 * is the failure text, with the state and the commands to look and fix. The wait is bounded
 * by provisioned-concurrency-timeout, and ends at a cancel: the restore is done by then and
 * the job has only the runner's window left. A role without
 * lambda:GetProvisionedConcurrencyConfig gets a warning: it is needed only for an alias with
 * provisioned concurrency.
 */
async function allocationAfterRestored(
  read: ReadAllocation,
  inputs: RollbackInputs,
  region: string,
  reporter: Reporter,
  changedAt: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  const where = `${inputs.functionName}:${inputs.alias}`;
  const guarded: ReadAllocation = (s) =>
    read(s).catch((error: unknown) => {
      const warning = unreadableWarning(error, where, 'the rollback does not wait for it');
      if (!warning) throw error;
      reporter.warning(warning.message, warning.title);
      return undefined;
    });
  const result = await allocationAfterRestore({
    read: guarded,
    clock: systemClock,
    functionName: inputs.functionName,
    alias: inputs.alias,
    region,
    timeoutMs: inputs.provisionedConcurrencyTimeoutMs,
    changedAt,
    signal,
  });
  if (result.ok) {
    if (result.detail) reporter.info(`Then ${result.detail}.`);
    return undefined;
  }
  return result.reason;
}

/** The port restorePrevious uses, answering its first read with the read already made. */
function readFirst(port: TrafficTarget, first: TargetState): TrafficTarget {
  let pending: TargetState | undefined = first;
  return {
    name: port.name,
    kind: port.kind,
    commands: port.commands,
    read: async (signal) => {
      const state = pending;
      pending = undefined;
      return state ?? port.read(signal);
    },
    set: (token, routing, record, signal) => port.set(token, routing, record, signal),
    preflight: (previous, next, signal) => port.preflight(previous, next, signal),
  };
}

function isNotFound(error: unknown): boolean {
  const cause = error instanceof RestoreFailedError ? error.cause : error;
  return (cause as { name?: string })?.name === 'ResourceNotFoundException';
}

function explain(error: unknown, plan: RollbackPlan | undefined, functionName: string): string {
  if (error instanceof RestoreFailedError && isNotFound(error) && plan) {
    const where = error.lastKnown ? ` the alias is at ${describeRouting(error.lastKnown)}` : '';
    return `Version ${plan.request.previousVersion} of ${functionName} was not found (${errorText(error.cause)}); nothing was changed:${where}.`;
  }
  return errorText(error);
}

/** When the alias cannot be read, nothing was changed: say so, and how to look and restore. */
function unreadable(inputs: RollbackInputs, commands: TargetCommands, error: unknown): string {
  const { functionName, alias } = inputs;
  return (
    `Could not read ${functionName}:${alias} (${errorText(error)}); its state is unknown and nothing was changed. ` +
    lookAndRestore(commands, inputs.previousVersion || '<previous version>')
  );
}
