// Bounded retries with exponential backoff and full jitter, for throttling, 5xx,
// conflicts and dropped connections. The SDK retries too; this outer loop exists for the
// paths that must not give up early (restores) and for errors the SDK does not retry
// (ResourceConflictException: another update in progress).
import { AbortError, type Clock } from './clock.js';

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

/**
 * Why an error cannot go away by waiting, which says what to fix: a permission the caller
 * lacks, credentials AWS does not accept, a request AWS refuses as malformed, or something
 * that does not exist. Retrying or polling on until a deadline only hides these.
 */
export type PermanentKind = 'denied' | 'credentials' | 'invalid-request' | 'not-found';

const PERMANENT_NAMES: Record<string, PermanentKind> = {
  AccessDenied: 'denied',
  AccessDeniedException: 'denied',
  UnrecognizedClientException: 'credentials',
  InvalidClientTokenId: 'credentials',
  ExpiredToken: 'credentials',
  ExpiredTokenException: 'credentials',
  InvalidSignatureException: 'credentials',
  SignatureDoesNotMatch: 'credentials',
  IncompleteSignature: 'credentials',
  MissingAuthenticationToken: 'credentials',
  CredentialsProviderError: 'credentials',
  ValidationError: 'invalid-request',
  ValidationException: 'invalid-request',
  InvalidParameterValue: 'invalid-request',
  InvalidParameterValueException: 'invalid-request',
  InvalidParameterCombination: 'invalid-request',
  InvalidParameterException: 'invalid-request',
  MissingParameter: 'invalid-request',
  InvalidRequestContentException: 'invalid-request',
  ResourceNotFoundException: 'not-found',
  ResourceNotFound: 'not-found',
};

/** What kind of permanent error this is; undefined when waiting might cure it (or it is unknown). */
export function permanentKind(error: unknown): PermanentKind | undefined {
  const e = error as ErrorShape & { status?: number };
  if (!e || typeof e !== 'object' || isRetryable(e)) return undefined;
  const named = PERMANENT_NAMES[e.name ?? ''];
  if (named) return named;
  // An unnamed 401/403/404 (Octokit's `status`, or an AWS error the SDK could not name).
  // GitHub answers its secondary rate limit with 403, and that one passes with time.
  const status = e.$metadata?.httpStatusCode ?? e.status;
  if (status === 403 && /rate limit/i.test(e.message ?? '')) return undefined;
  if (status === 401) return 'credentials';
  if (status === 403) return 'denied';
  if (status === 404) return 'not-found';
  return undefined;
}

/** An error no retry and no wait can cure: the caller must stop and say what to fix. */
export function isPermanent(error: unknown): boolean {
  return permanentKind(error) !== undefined;
}

/**
 * Tags an error with the IAM action the failed call needed, so whoever reports it can name
 * the permission to grant. Set by the adapter that made the call: it alone knows the action.
 */
export function withPermission<E>(error: E, permission: string): E {
  if (error && typeof error === 'object' && !('permission' in error))
    Object.defineProperty(error, 'permission', { value: permission, enumerable: false });
  return error;
}

/** The IAM action a failed call needed, when its adapter said. */
export function neededPermission(error: unknown): string | undefined {
  const p = (error as { permission?: unknown } | null)?.permission;
  return typeof p === 'string' ? p : undefined;
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
      if (options.signal?.aborted) throw new AbortError(String(options.signal.reason ?? 'aborted'));
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
