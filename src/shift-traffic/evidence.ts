// shift-traffic's evidence guard wired to CloudWatch: the per-version metrics read through
// bake-and-watch's GetMetricData adapter, judged by core's evidenceGuard at each step.
import { formatPercent } from '../core/routing.js';
import { metricFunctionName, seriesFor } from '../core/bake/metric-limits.js';
import type { RoutedWeight } from '../core/bake/judge.js';
import { systemClock } from '../core/clock.js';
import { type EvidenceGuard, evidenceConfig, evidenceGuard } from '../core/bake/evidence-guard.js';
import { formatDuration } from '../core/inputs.js';
import { createPacer } from '../core/log-pacing.js';
import { withRetry } from '../core/retry.js';
import type { cloudWatchClient } from '../adapters/aws.js';
import type { Reporter } from '../adapters/report.js';
import { errorText } from './events.js';
import type { ShiftInputs } from './inputs.js';

/** The evidence guard, after one read that must succeed before anything changes. */
export async function startEvidence(
  inputs: ShiftInputs,
  cloudWatch: ReturnType<typeof cloudWatchClient>,
  previousVersion: string,
  startedAt: number,
  resumedAt: number | undefined,
  reporter: Reporter,
  signal: AbortSignal,
  routedWeight: () => RoutedWeight,
): Promise<EvidenceGuard> {
  const { readBakeMetrics } = await import('../adapters/aws-api.js');
  const settings = inputs.evidence!;
  const config = evidenceConfig(settings, inputs.plan);
  const target = {
    functionName: metricFunctionName(inputs.functionName),
    alias: inputs.alias,
    version: inputs.version,
    previousVersion,
    periodS: settings.periodS,
    series: seriesFor(settings.rules),
  };
  const pace = createPacer();
  const guard = evidenceGuard({
    config,
    version: inputs.version,
    previousVersion,
    startedAt,
    ...(resumedAt !== undefined ? { resumedAt } : {}),
    routedWeight,
    clock: systemClock,
    signal,
    readMetrics: (window, s) => readBakeMetrics(cloudWatch, target, window, s),
    // A new line when the verdict changes; the same verdict again at most once a minute.
    onLook: (look) =>
      reporter.paced(pace(look.verdict, look.at), `Evidence: ${look.verdict}: ${look.reason}`),
    onReadError: (reason, n) =>
      reporter.warning(
        `${reason} (${n} in a row; the step fails at 3). The alarms keep guarding meanwhile.`,
        'Evidence unreadable',
      ),
  });
  try {
    await withRetry(() => guard.prime(), { clock: systemClock, signal });
  } catch (error) {
    throw new Error(
      `Input 'compare-metrics' is true but the per-version metrics could not be read: ${errorText(error).replace(/\.$/, '')}. Nothing changed.`,
      { cause: error },
    );
  }
  reporter.info(
    `Judging version ${inputs.version} against version ${previousVersion} from per-version metrics every ${formatDuration(settings.periodS * 1000)} period (${settings.rules.map((r) => `${r.name} +${Math.round(r.tolerance * 1000) / 10}%`).join(', ')}; significance ${formatPercent(settings.significance)} over the plan). Only a significant regression fails a step; too little traffic is inconclusive, never a pass.`,
  );
  if (resumedAt !== undefined)
    reporter.info(
      'Resumed: the budget is spent only on evidence published from now on; the run that started the shift may have spent it on what came before.',
    );
  return guard;
}

export function checkedText(watchedNothing: boolean, evidence: boolean): string {
  if (!evidence) return watchedNothing ? 'No alarms to check' : 'Alarms OK';
  return watchedNothing ? 'No evidence against it' : 'Alarms OK, no evidence against it';
}
