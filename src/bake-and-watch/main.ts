// bake-and-watch: holds a deployment for a bake time and judges the new version against
// its baseline from per-version metrics and alarms; rolls back on failure. Wiring only:
// the judgement and the loop are in core/bake, the restore is core's restorePrevious.
import { bakeConsequence } from '../core/bake/consequence.js';
import { selectionError } from '../core/alarm-guard.js';
import { seriesFor } from '../core/bake/metric-limits.js';
import { describeRouting, isSplit } from '../core/routing.js';
import type { TargetState, TrafficTarget } from '../core/traffic-target.js';
import { aliasCommands } from '../adapters/lambda/commands.js';
import { restorePrevious } from '../core/routing-update.js';
import { isEmptySelection, judgeAlarms, unscopedAlarmsWarning } from '../core/alarms.js';
import { type BakeOutcome, runBake, unreadableOutcome } from '../core/bake/loop.js';
import { AbortError, systemClock } from '../core/clock.js';
import { encodeRecord } from '../core/deployment-record.js';
import { errorText } from '../core/error-text.js';
import { InputError } from '../core/input-error.js';
import { formatDuration } from '../core/inputs.js';
import { isPermanent, withRetry } from '../core/retry.js';
import { resolveRegion } from '../core/region.js';
import { rawInput } from '../adapters/action-inputs.js';
import { cancellationSignal } from '../adapters/cancellation.js';
import { Reporter } from '../adapters/report.js';
import { createPacer } from '../core/log-pacing.js';
import { runUrl } from '../adapters/runner.js';
import { thisRun } from '../adapters/run-identity.js';
import { type BakeInputs, INPUT_NAMES, parseBakeInputs, type RawInputs } from './inputs.js';
import { resolveSubject, type Subject } from './resolve.js';
import { bakeSummary, decisionLog, type Report, verdictSentence } from './summary.js';

export async function run(): Promise<void> {
  const reporter = new Reporter();
  const cancel = cancellationSignal();
  const clock = systemClock;
  let inputs: BakeInputs | undefined;
  let alias: TargetState | undefined;
  let subject: Subject | undefined;
  try {
    inputs = parseBakeInputs(
      Object.fromEntries(INPUT_NAMES.map((n) => [n, rawInput(n)])) as RawInputs,
    );
    const bakeStart = clock.now();
    const region = resolveRegion(inputs.region);
    reporter.info(
      `Baking ${inputs.functionName}:${inputs.alias} in ${region} for ${formatDuration(inputs.config.bakeTimeMs)} (up to ${formatDuration(inputs.config.maxBakeTimeMs)})${inputs.dryRun ? ', dry run' : ''}.`,
    );
    // The SDK loads only now, once every input is known to be good (it takes ~100 ms).
    const { aliasTarget, cloudWatchClient, describeAlarms, readBakeMetrics } =
      await import('../adapters/aws-api.js');
    const cloudWatch = cloudWatchClient({ region });
    const port = aliasTarget(inputs, { region });
    const retry = {
      clock,
      signal: cancel.signal,
      onRetry: (e: unknown, n: number, ms: number) =>
        reporter.info(`Retry ${n} in ${formatDuration(ms)}: ${errorText(e)}`),
    };
    alias = await withRetry((s) => port.read(s), retry);
    subject = resolveSubject(alias, inputs, bakeStart, clock.now());
    for (const note of subject.notes) reporter.warning(note);
    reporter.info(
      `${inputs.functionName}:${inputs.alias} is at ${describeRouting(alias)}. Judging version ${subject.version} against version ${subject.previousVersion} for ${formatDuration(inputs.config.bakeTimeMs)} (up to ${formatDuration(inputs.config.maxBakeTimeMs)}).`,
    );

    const selection = inputs.alarms;
    const readAlarms = isEmptySelection(selection)
      ? undefined
      : async (signal?: AbortSignal) =>
          judgeAlarms(selection, await describeAlarms(cloudWatch, selection, signal));
    if (readAlarms) {
      // A typo in an alarm name must not let a bake pass unwatched: refuse before baking.
      let first;
      try {
        first = await withRetry((s) => readAlarms(s), retry);
      } catch (error) {
        // Denied alarms are the bake's Error (on-error decides), as they would be at a poll.
        if (!isPermanent(error)) throw error;
        const outcome = unreadableOutcome(error, clock.now() - bakeStart);
        return await conclude(reporter, inputs, subject, outcome, bakeStart, port, alias);
      }
      const refused = selectionError(first);
      if (refused) throw refused;
      const unscoped = unscopedAlarmsWarning(
        [...first.ok, ...first.insufficientData, ...first.firing],
        subject.version,
        true,
      );
      if (unscoped) reporter.warning(unscoped);
    }
    const target = {
      functionName: inputs.metricFunctionName,
      alias: inputs.alias,
      version: subject.version,
      previousVersion: subject.previousVersion,
      periodS: inputs.config.periodS,
      series: seriesFor(inputs.config.rules),
    };
    const bakeTimeMs = inputs.config.bakeTimeMs;
    const pace = createPacer();
    let currentPhase: string | undefined;
    const bakePhase = `Bake: ${formatDuration(bakeTimeMs)} of evidence on version ${subject.version}`;
    const extendedPhase = `Extended bake: waiting for evidence, up to ${formatDuration(inputs.config.maxBakeTimeMs)}`;
    const outcome = await runBake({
      config: inputs.config,
      version: subject.version,
      previousVersion: subject.previousVersion,
      bakeStart,
      deployStart: subject.deployStart,
      baselineSource: subject.baselineSource,
      ...(subject.routedWeight ? { routedWeight: subject.routedWeight } : {}),
      pollIntervalMs: inputs.pollIntervalMs,
      clock,
      signal: cancel.signal,
      ports: {
        readMetrics: (w, signal) => readBakeMetrics(cloudWatch, target, w, signal),
        ...(readAlarms ? { readAlarms } : {}),
      },
      onPoll: (poll) => {
        // One group per phase of the bake: the bake-time itself, then any extension.
        const phase = poll.elapsedMs < bakeTimeMs ? bakePhase : extendedPhase;
        if (phase !== currentPhase) reporter.group((currentPhase = phase));
        // A pass before bake-time is only "so far": the bake goes on.
        const early = poll.verdict === 'pass' && poll.elapsedMs < bakeTimeMs ? ' so far' : '';
        reporter.paced(
          pace(`${poll.verdict}${early}`, clock.now()),
          `[${formatDuration(poll.elapsedMs)}] ${poll.verdict}${early}: ${poll.reason}`,
        );
      },
    });
    await conclude(reporter, inputs, subject, outcome, bakeStart, port, alias);
  } catch (error) {
    const where = alias
      ? ` The alias was not changed by this step: it was at ${describeRouting(alias)}.${restoreHint(inputs, subject, alias)}`
      : '';
    if (error instanceof AbortError) {
      reporter.fail(`The bake was cancelled (${error.message}) before a verdict.${where}`);
    } else if (error instanceof InputError) {
      reporter.fail(`${error.message}${alias ? where : ' Nothing was changed.'}`);
    } else {
      reporter.fail(`bake-and-watch stopped: ${errorText(error)}.${where}`);
    }
  } finally {
    cancel.dispose();
  }
}

async function conclude(
  reporter: Reporter,
  inputs: BakeInputs,
  subject: Subject,
  outcome: BakeOutcome,
  bakeStart: number,
  port: TrafficTarget,
  alias: TargetState,
): Promise<void> {
  const v = outcome.verdict;
  const { rollback, failStep, ...consequence } = bakeConsequence(
    v,
    { ...inputs, onInconclusive: inputs.config.onInconclusive },
    subject.previousVersion,
  );
  let action = consequence.action;
  let failure: string | undefined;
  let rolledBack = false;
  if (rollback) {
    const record = {
      ...(subject.record ?? {
        previousVersion: subject.previousVersion,
        version: subject.version,
        strategy: 'bake-and-watch',
        startedAt: subject.deployStart,
        ...(runUrl() ? { runUrl: runUrl() } : {}),
        // This run made the restore: a rollback step of this run recognises it.
        owner: thisRun(),
      }),
      status: 'rolled-back' as const,
    };
    try {
      // The restore must finish even if the job is being cancelled: it is the safe state.
      const result = await restorePrevious(
        port,
        {
          previousVersion: subject.previousVersion,
          version: subject.version,
          record: encodeRecord(record),
        },
        { clock: systemClock },
      );
      rolledBack = true;
      action = `Rolled back: ${port.name} is at ${describeRouting(result.after)}${result.changed ? '' : ' (it already was)'}.`;
    } catch (error) {
      action = `The rollback failed: ${errorText(error)}`;
    }
  } else if (failStep && isSplit(alias)) {
    action += restoreHint(inputs, subject, alias);
  }
  if (failStep) failure = `${verdictSentence({ inputs, subject, outcome, bakeStart, action })}`;

  const report: Report = { inputs, subject, outcome, bakeStart, action };
  reporter.setOutputs({
    verdict: v,
    reason: outcome.reason,
    'decision-log': decisionLog(report),
    'rolled-back': rolledBack,
  });
  await reporter.writeSummary(bakeSummary(report));
  if (failure) reporter.fail(failure);
  else if (v !== 'pass') reporter.warning(verdictSentence(report), `bake-and-watch: ${v}`);
  else reporter.info(verdictSentence(report));
}

function restoreHint(
  inputs: BakeInputs | undefined,
  subject: Subject | undefined,
  alias: TargetState,
): string {
  if (!inputs || !subject || !isSplit(alias)) return '';
  return ` To put it fully back on version ${subject.previousVersion}: ${aliasCommands(inputs.functionName, inputs.alias).fix(subject.previousVersion)}`;
}
