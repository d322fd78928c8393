// Bounded retries with exponential backoff and full jitter, for throttling, 5xx,
// conflicts and dropped connections. The SDK retries too; this outer loop exists for the
// paths that must not give up early (restores) and for errors the SDK does not retry
// (ResourceConflictException: another update in progress).
import type { Clock } from './clock.js';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** Epoch ms after which no new try starts (e.g. the runner's cancel window). */
  deadline?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 200, capMs: 5000 };

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'RequestThrottled',
]);
const TRANSIENT_NAMES = new Set([
  'ResourceConflictException',
  'ServiceException',
  'ServiceUnavailable',
  'InternalServiceError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  retryAfterSeconds?: string | number;
}

export function isThrottling(error: unknown): boolean {
  const e = error as ErrorShape;
  return THROTTLING.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** Throttling, 5xx, an update already in progress, or the connection failing. */
export function isRetryable(error: unknown): boolean {
  const e = error as ErrorShape;
  if (!e || typeof e !== 'object') return false;
  if (isThrottling(e) || TRANSIENT_NAMES.has(e.name ?? '')) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(e.name ?? '')) return true;
  return /socket hang up|ECONNRESET|network/i.test(e.message ?? '') && status === undefined;
}

/** Delay before try number `attempt + 1` (attempt counts from 1): full jitter, capped. */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  error?: unknown,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const retryAfter = Number((error as ErrorShape)?.retryAfterSeconds);
  return Number.isFinite(retryAfter) && retryAfter > 0
    ? Math.max(jittered, Math.min(retryAfter * 1000, policy.capMs))
    : jittered;
}

export interface RetryOptions {
  clock: Clock;
  policy?: RetryPolicy;
  random?: () => number;
  retryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Ends the current try and the wait before the next at once; nothing is retried after it. */
  signal?: AbortSignal;
  /**
   * Real milliseconds one try may take (never past the policy's deadline). A try that takes
   * longer is abandoned through the signal handed to it and retried like a timeout.
   */
  attemptTimeoutMs?: number;
}

/** A try given up after `RetryOptions.attemptTimeoutMs`: transient, like the SDK's TimeoutError. */
export class AttemptTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

export async function withRetry<T>(
  operation: (signal?: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const random = options.random ?? Math.random;
  const retryable = (error: unknown): boolean =>
    error instanceof AttemptTimeoutError || (options.retryable ?? isRetryable)(error);
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = attemptTimeout(options, policy);
    const timer = timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [options.signal, timer].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    try {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      return await operation(signal);
    } catch (caught) {
      // A cancel is the caller's to handle at once; a try that outran its time is a timeout.
      if (options.signal?.aborted) throw caught;
      const error = timer?.aborted ? new AttemptTimeoutError(timeoutMs!) : caught;
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      let delay = backoffMs(policy, attempt, random, error);
      if (policy.deadline !== undefined) {
        const left = policy.deadline - options.clock.now();
        if (left <= 0) throw error;
        delay = Math.min(delay, left);
      }
      options.onRetry?.(error, attempt, delay);
      await options.clock.sleep(delay, options.signal);
    }
  }
}

function attemptTimeout(options: RetryOptions, policy: RetryPolicy): number | undefined {
  const left =
    policy.deadline !== undefined ? Math.max(1, policy.deadline - options.clock.now()) : undefined;
  if (options.attemptTimeoutMs === undefined) return left;
  return left === undefined ? options.attemptTimeoutMs : Math.min(options.attemptTimeoutMs, left);
}
