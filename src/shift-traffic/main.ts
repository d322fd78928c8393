// shift-traffic: moves a Lambda alias from its version to a new one by plan, watching alarms
// between steps, and ends fully on one version. Wiring only: the decisions are in core
// (strategy, shift-start, shift, alarm-guard); the AWS and GitHub calls are adapters.
import { postDeploymentStatus } from '../adapters/deployment-status.js';
import { alarmGuard, selectionError } from '../core/alarm-guard.js';
import {
  isEmptySelection,
  judgeAlarms,
  unscopedAlarmsWarning,
  watchesVersion,
} from '../core/alarms.js';
import { describeRouting, formatPercent } from '../core/routing.js';
import { systemClock } from '../core/clock.js';
import { type HookDetails, type HookPhase } from '../core/hook.js';
import { InputError } from '../core/input-error.js';
import { formatDuration } from '../core/inputs.js';
import { withRetry } from '../core/retry.js';
import { decideStart } from '../core/shift-start.js';
import { type HookRunner, runShift, type StepGuard } from '../core/shift.js';
import { describePlan, planWarnings, schedule } from '../core/strategy.js';
import { provisionedReadiness } from './provisioned.js';
import { resolveRegion } from '../core/region.js';
import { rawInput, secretInput } from '../adapters/action-inputs.js';
import { cancellationSignal } from '../adapters/cancellation.js';
import { Reporter } from '../adapters/report.js';
import { runUrl, saveState } from '../adapters/runner.js';
import { thisRun } from '../adapters/run-identity.js';
import { INPUT_NAMES, parseShiftInputs, type RawInputs, type ShiftInputs } from './inputs.js';
import { STATE, type SavedDeployment } from './state.js';
import type { RoutedWeight } from '../core/bake/judge.js';
import { errorText, eventLog, failText, statusText } from './events.js';
import { checkedText, startEvidence } from './evidence.js';
import { noOpVerdict, renderSummary, type TimelineEntry } from './summary.js';

export async function run(): Promise<void> {
  const reporter = new Reporter();
  const cancel = cancellationSignal();
  const began = systemClock.now();
  let inputs: ShiftInputs | undefined;
  try {
    const raw = Object.fromEntries(
      INPUT_NAMES.map((n) => [n, n === 'github-token' ? secretInput(n) : rawInput(n)]),
    ) as RawInputs;
    inputs = parseShiftInputs(raw);
    const region = resolveRegion(inputs.region);
    const what = inputs.cell
      ? `cell ${inputs.cell.name} (${inputs.cell.functions.length} functions)`
      : `${inputs.functionName}:${inputs.alias}`;
    reporter.info(
      `Shifting ${what} in ${region} to version ${inputs.version}, plan "${inputs.plan.strategy}".`,
    );
    await shift(inputs, region, reporter, cancel.signal, began);
  } catch (error) {
    // Anything that escapes shift() happened before the first change, or is a crash the
    // post step cleans up (the state says a deployment was in flight and did not finish).
    const text =
      error instanceof InputError
        ? error.message
        : `shift-traffic could not run: ${errorText(error)}`;
    reporter.fail(text);
    // Posted only with a token and an environment; trimmed to GitHub's 140 characters.
    if (inputs) await postDeploymentStatus(reporter, inputs, 'failure', text);
  } finally {
    cancel.dispose();
  }
}

async function shift(
  inputs: ShiftInputs,
  region: string,
  reporter: Reporter,
  signal: AbortSignal,
  began: number,
): Promise<void> {
  const { functionName, version } = inputs;
  // The SDK loads only now, once every input is known to be good (it takes ~100 ms).
  const {
    aliasTarget,
    cellTarget,
    cloudWatchClient,
    describeAlarms,
    lambdaClient,
    readAllocation,
    runHook,
  } = await import('../adapters/aws-api.js');
  const lambda = lambdaClient({ region });
  const port = inputs.cell
    ? cellTarget(inputs.cell, { region, client: lambda })
    : aliasTarget(inputs, { region, client: lambda });
  const retry = {
    clock: systemClock,
    signal,
    onRetry: (e: unknown, n: number, ms: number) =>
      reporter.info(`Retry ${n} in ${ms} ms: ${errorText(e)}`),
  };
  const owner = thisRun();

  const current = await withRetry((s) => port.read(s), retry);
  reporter.info(`${port.name} is at ${describeRouting(current)} (revision ${current.token}).`);
  const decision = decideStart(
    current,
    version,
    { ...owner, takeOver: inputs.takeOver },
    port.commands,
  );
  if (decision.kind === 'refuse') throw new Error(decision.message);
  reporter.setOutputs({ 'previous-version': decision.previousVersion, version });
  if (decision.kind === 'no-op') {
    const text = noOpVerdict(port.name, version);
    reporter.info(text);
    reporter.setOutputs({ status: 'succeeded', 'duration-seconds': 0 });
    await reporter.writeSummary(`## shift-traffic ${port.name}\n\n**${text}**\n`);
    await postDeploymentStatus(reporter, inputs, 'success', text);
    return;
  }
  const { previousVersion } = decision;

  // Everything that could make Lambda refuse the split later is checked now, before any change.
  const problem = await withRetry((s) => port.preflight(previousVersion, version, s), retry);
  if (problem?.missing && inputs.cell)
    throw new InputError('functions', problem.missing, `published versions (${problem.reason})`);
  if (problem?.missing === version)
    throw new InputError(
      'version',
      version,
      `a published version of ${functionName}; version ${version} does not exist`,
    );
  if (problem) throw new Error(`Cannot shift ${port.name}: ${problem.reason}. Nothing changed.`);

  // A cell's functions are not waited on for provisioned concurrency (see the README).
  const { atStart: pcAtStart, readiness } = inputs.cell
    ? { atStart: false, readiness: undefined }
    : await provisionedReadiness(
        (sig) => readAllocation(lambda, functionName, inputs.alias, sig),
        inputs,
        region,
        reporter,
        retry,
      );

  const cloudWatch = cloudWatchClient({ region });
  const read = (selection: typeof inputs.alarms, s?: AbortSignal) =>
    describeAlarms(cloudWatch, selection, s);
  const watchedNothing = isEmptySelection(inputs.alarms);
  if (watchedNothing && !inputs.evidence) {
    reporter.warning(
      'No alarms or alarm-prefixes given: the shift watches nothing and cannot roll back on its own.',
      'Nothing watched',
    );
  } else if (watchedNothing) {
    reporter.info('No alarms given: only the evidence from per-version metrics guards the steps.');
  } else {
    const snapshots = await withRetry(() => read(inputs.alarms), retry);
    const refused = selectionError(judgeAlarms(inputs.alarms, snapshots));
    if (refused) throw refused;
    const scoped = snapshots.filter(watchesVersion).length;
    reporter.info(
      `Watching ${snapshots.length} alarm(s), ${scoped} scoped to the new version; one DescribeAlarms per ${formatDuration(inputs.pollIntervalMs)}.`,
    );
    const unscoped = unscopedAlarmsWarning(snapshots, version, inputs.evidence !== undefined);
    if (unscoped) reporter.warning(unscoped, 'Alarms not version-scoped');
  }
  const guard = alarmGuard({
    selection: inputs.alarms,
    read,
    clock: systemClock,
    onNoData: (a) =>
      reporter.warning(
        `Alarm ${a.name} is INSUFFICIENT_DATA: it watches nothing until it has data.`,
        'Alarm without data',
      ),
  });

  const resumed = decision.kind === 'resume' ? decision.record : undefined;
  const startedAt = resumed?.startedAt ?? began;
  const plan = inputs.plan;
  // The weight the new version is routed and since when, kept current from the shift's
  // events, so the evidence can tell a version that serves far less than its weight.
  let routed: RoutedWeight = {
    weight: decision.weight,
    since: (decision.kind === 'resume' ? decision.stepStartedAt : undefined) ?? began,
  };
  const evidence = inputs.evidence
    ? await startEvidence(
        inputs,
        cloudWatch,
        previousVersion,
        startedAt,
        resumed ? began : undefined,
        reporter,
        signal,
        () => routed,
      )
    : undefined;
  const guards: StepGuard[] = [...(watchedNothing ? [] : [guard]), ...(evidence ? [evidence] : [])];
  const steps = schedule(plan, began, decision.weight);
  reporter.info(`Plan "${plan.strategy}": ${describePlan(plan)}.`);
  for (const step of steps)
    reporter.info(
      `  ${step.done ? 'done     ' : new Date(step.at).toISOString().slice(11, 19)}  ${formatPercent(step.weight)}${step.holdMs ? `, then watch ${formatDuration(step.holdMs)}` : ''}`,
    );
  for (const warning of planWarnings(plan)) reporter.warning(warning, 'Plan');
  if (resumed)
    reporter.info(
      `Resuming the deployment of version ${version} started ${new Date(startedAt).toISOString()} from ${formatPercent(decision.weight)}` +
        (resumed.owner && resumed.owner.runId !== owner.runId
          ? `, taken over from run ${resumed.owner.runId} (take-over).`
          : '.'),
    );

  // Saved before the first change: if this process dies from here on, the post step knows
  // what was in flight and restores it.
  const saved: SavedDeployment = {
    functionName,
    alias: inputs.alias,
    region,
    previousVersion,
    version,
    token: owner.token,
    ...(pcAtStart ? { provisioned: true } : {}),
    ...(inputs.cell ? { cell: inputs.cell } : {}),
  };
  saveState(STATE.deployment, JSON.stringify(saved));
  await postDeploymentStatus(
    reporter,
    inputs,
    'in_progress',
    `Shifting ${functionName}:${inputs.alias} to version ${version}: ${plan.strategy}`,
  );

  const timeline: TimelineEntry[] = [
    { at: began, weight: decision.weight, what: `Start: ${describeRouting(current)}` },
  ];
  const details = (phase: HookPhase): HookDetails => ({
    phase,
    functionName,
    alias: inputs.alias,
    previousVersion,
    version,
    qualifiedVersion: `${functionName}:${version}`,
    strategy: plan.strategy,
    region,
    runUrl: runUrl(),
  });
  const hookSpec = (phase: HookPhase) =>
    phase === 'before-traffic' ? inputs.beforeTraffic : inputs.afterTraffic;
  const hook: HookRunner = async (phase, hookSignal) => {
    const spec = hookSpec(phase);
    if (!spec) return { ok: true, detail: 'no hook' };
    return runHook(spec, details(phase), hookSignal, {
      lambda,
      timeoutMs: inputs.hookTimeoutMs,
      log: (l) => reporter.info(l),
    });
  };

  const logEvent = eventLog(
    reporter,
    timeline,
    began,
    checkedText(watchedNothing, evidence !== undefined),
  );
  const outcome = await runShift({
    target: port,
    current,
    plan,
    previousVersion,
    version,
    startWeight: decision.weight,
    startedAt,
    ...(decision.kind === 'resume' && decision.stepStartedAt !== undefined
      ? { resumedStepStartedAt: decision.stepStartedAt }
      : {}),
    owner,
    runUrl: runUrl(),
    guards,
    ...(readiness ? { readiness } : {}),
    hook: inputs.beforeTraffic || inputs.afterTraffic ? hook : undefined,
    pollIntervalMs: inputs.pollIntervalMs,
    onFailure: inputs.onFailure,
    clock: systemClock,
    signal,
    onEvent: (event) => {
      if (event.type === 'shifted' || event.type === 'restored')
        routed = { weight: event.weight, since: event.at };
      logEvent(event);
    },
  });
  saveState(STATE.outcome, outcome.status);
  const endedAt = systemClock.now();

  const outputStatus =
    outcome.status === 'succeeded' || outcome.status === 'rolled-back'
      ? outcome.status
      : outcome.status === 'refused'
        ? ''
        : 'halted';
  reporter.setOutputs({
    status: outputStatus,
    'duration-seconds': Math.round((endedAt - began) / 1000),
  });
  const cellState =
    inputs.cell && 'describeMembers' in port
      ? { name: inputs.cell.name, functions: await port.describeMembers() }
      : undefined;
  const input = {
    functionName,
    alias: inputs.alias,
    ...(cellState ? { cell: cellState } : {}),
    commands: port.commands,
    previousVersion,
    version,
    plan,
    schedule: steps,
    startedAt: began,
    endedAt,
    timeline,
    alarms: guard.last,
    noData: [...guard.noData],
    watchedNothing,
    ...(evidence ? { evidence: { last: evidence.last, looks: evidence.looks } } : {}),
  };
  await reporter.writeSummary(renderSummary(outcome, input));
  await postDeploymentStatus(
    reporter,
    inputs,
    outcome.status === 'succeeded' ? 'success' : 'failure',
    statusText(outcome, version),
  );
  if (outcome.status !== 'succeeded') reporter.fail(failText(outcome, previousVersion));
}
