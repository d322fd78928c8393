/**
 * What a version does when invoked: not user code, a model of its outcome. The traffic
 * generator and the Invoke API both draw from it.
 */
export interface VersionModel {
  /** Probability in [0, 1] that an invocation fails (a function error, counted in Errors). */
  errorRate: number;
  /** Median duration in ms. */
  latencyMs: number;
  /** 99th percentile duration in ms; durations are log-normal between the two. */
  p99LatencyMs?: number;
  /** Probability that an invocation is throttled (429, counted in Throttles only). */
  throttleRate?: number;
}

export const DEFAULT_MODEL: VersionModel = { errorRate: 0, latencyMs: 20, p99LatencyMs: 60 };

export interface Outcome {
  throttled: boolean;
  error: boolean;
  durationMs: number;
}

export function drawOutcome(model: VersionModel, random: () => number): Outcome {
  if (random() < (model.throttleRate ?? 0)) return { throttled: true, error: false, durationMs: 0 };
  const error = random() < model.errorRate;
  const median = Math.max(0.01, model.latencyMs);
  const p99 = Math.max(median, model.p99LatencyMs ?? median);
  // Box-Muller: a log-normal with the given median and p99 (z(0.99) = 2.326).
  const sigma = Math.log(p99 / median) / 2.326;
  const u = Math.max(random(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  const durationMs = Math.round(median * Math.exp(sigma * z) * 100) / 100;
  return { throttled: false, error, durationMs };
}
