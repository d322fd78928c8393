// One look at the evidence, the step both bake engines repeat: bake-and-watch's bake loop
// and shift-traffic's evidence guard. It holds what carries from look to look (the window
// last read, the reading judged on it, the latency threshold, the budget already spent), so
// the two cannot drift apart in how they read, reuse or spend.
import type { AlarmJudgement } from '../alarms.js';
import type { BakeConfig } from './config.js';
import { judge, type BaselineSource, type Judgement, type RoutedWeight } from './judge.js';
import {
  type LatencyThreshold,
  type MetricsReading,
  pollWindow,
  type Window,
} from './observations.js';

export type ReadMetrics = (window: Window, signal?: AbortSignal) => Promise<MetricsReading>;

/** What a bake judges: which version against which, from when, against what baseline. */
export interface BakeSubject {
  config: BakeConfig;
  version: string;
  previousVersion: string;
  bakeStart: number;
  deployStart: number;
  baselineSource: BaselineSource;
}

export function subjectOf(s: BakeSubject): BakeSubject {
  const { config, version, previousVersion, bakeStart, deployStart, baselineSource } = s;
  return { config, version, previousVersion, bakeStart, deployStart, baselineSource };
}

export interface LookerOptions extends BakeSubject {
  readMetrics: ReadMetrics;
  /** The new version's routed weight at the time of a look, for the traffic-share check. */
  routedWeight?: () => RoutedWeight | undefined;
  /** Evidence time (ms after bake start) the budget was already spent on before the first look. */
  spentMs?: number;
}

export interface Reading {
  reading: MetricsReading;
  /** False when no period ended since the last read: the last reading is given again. */
  fresh: boolean;
}

export interface Looker {
  /**
   * The metrics for a look at `now`. A look whose window ends no later than the last read's
   * asks CloudWatch nothing new (nothing is published for a period that has not ended), so
   * the reading is reused: one GetMetricData per period, whatever the poll-interval. The
   * reading is kept with the window it was read for, and reused only for that window.
   */
  read(now: number, signal?: AbortSignal): Promise<Reading>;
  /** Judges `reading` at `now` and spends the budget of the evidence time it adds. */
  judge(now: number, reading: MetricsReading, alarms?: AlarmJudgement): Judgement;
}

export function evidenceLooker(options: LookerOptions): Looker {
  const { config } = options;
  let previousLookMs = options.spentMs ?? 0;
  let last: { end: number; reading: MetricsReading } | undefined;
  /** Set by the first read whose data can set it, then kept: see latencyThreshold. */
  let threshold: LatencyThreshold | undefined;

  return {
    async read(now, signal) {
      const window = pollWindow({
        now,
        bakeStart: options.bakeStart,
        deployStart: options.deployStart,
        periodS: config.periodS,
        maxBakeTimeMs: config.maxBakeTimeMs,
      });
      if (last && window.end <= last.end) return { reading: last.reading, fresh: false };
      if (threshold) window.latencyThreshold = threshold;
      const reading = await options.readMetrics(window, signal);
      threshold = threshold ?? reading.latencyThreshold;
      last = { end: window.end, reading };
      return { reading, fresh: true };
    },
    judge(now, reading, alarms) {
      const routedWeight = options.routedWeight?.();
      const judgement = judge({
        config,
        version: options.version,
        previousVersion: options.previousVersion,
        bakeStart: options.bakeStart,
        deployStart: options.deployStart,
        now,
        baselineSource: options.baselineSource,
        reading,
        ...(alarms ? { alarms } : {}),
        previousLookMs,
        ...(routedWeight ? { routedWeight } : {}),
      });
      previousLookMs = judgement.lookMs;
      return judgement;
    },
  };
}
