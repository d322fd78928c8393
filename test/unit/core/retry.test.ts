import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/core/clock.js';
import { errorText } from '../../../src/core/error-text.js';
import { backoffMs, isRetryable, withRetry } from '../../../src/core/retry.js';

const awsError = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('what is retried', () => {
  it.each([
    ['ThrottlingException', 400],
    ['TooManyRequestsException', 429],
    ['ResourceConflictException', 409],
    ['ServiceException', 500],
    ['InternalFailure', 503],
  ])('%s (%i) is retried', (name, status) =>
    expect(isRetryable(awsError(name, status))).toBe(true),
  );

  it('a dropped connection is retried', () => {
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      true,
    );
  });

  it.each([
    ['InvalidParameterValueException', 400],
    ['PreconditionFailedException', 412],
    ['ResourceNotFoundException', 404],
    ['AccessDeniedException', 403],
  ])('%s (%i) is not', (name, status) => expect(isRetryable(awsError(name, status))).toBe(false));
});

describe('backoff', () => {
  const policy = { attempts: 6, baseMs: 200, capMs: 5000 };
  it('grows exponentially under full jitter and is capped', () => {
    expect(backoffMs(policy, 1, () => 0.999)).toBe(199);
    expect(backoffMs(policy, 3, () => 0.999)).toBe(799);
    expect(backoffMs(policy, 10, () => 0.999)).toBe(4995);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
  });
  it('waits at least what Lambda asks in retryAfterSeconds, within the cap', () => {
    expect(
      backoffMs(
        policy,
        1,
        () => 0,
        awsError('TooManyRequestsException', 429, { retryAfterSeconds: '2' }),
      ),
    ).toBe(2000);
    expect(
      backoffMs(
        policy,
        1,
        () => 0,
        awsError('TooManyRequestsException', 429, { retryAfterSeconds: '60' }),
      ),
    ).toBe(5000);
  });
});

describe('withRetry', () => {
  it('retries transient errors until success, sleeping in between', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw awsError('ThrottlingException', 400);
        return 'done';
      },
      { clock, random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(clock.now()).toBe(100 + 200);
  });

  it('is bounded by attempts', async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw awsError('ServiceException', 500);
      },
      { clock: new ManualClock(0), policy: { attempts: 3, baseMs: 10, capMs: 10 } },
    );
    await expect(failing).rejects.toThrow('ServiceException');
    expect(calls).toBe(3);
  });

  it('does not retry what cannot succeed', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('InvalidParameterValueException', 400);
        },
        { clock: new ManualClock(0) },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('starts no try after the deadline', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('ThrottlingException', 400);
        },
        {
          clock,
          random: () => 0.999,
          policy: { attempts: 100, baseMs: 1000, capMs: 1000, deadline: 2500 },
        },
      ),
    ).rejects.toThrow();
    expect(clock.now()).toBeLessThanOrEqual(2500);
    expect(calls).toBe(4);
  });
});

describe('errorText', () => {
  it('names the error when the name says something', () => {
    expect(errorText(awsError('ThrottlingException', 400))).toBe(
      'ThrottlingException: ThrottlingException',
    );
    expect(errorText(new Error('plain'))).toBe('plain');
    expect(errorText(Object.assign(new Error('x'), { name: '' }))).toBe('x');
  });
  it('reads error-like objects and anything else', () => {
    expect(errorText({ name: 'HttpError', message: 'Not Found' })).toBe('HttpError: Not Found');
    expect(errorText('boom')).toBe('boom');
    expect(errorText(undefined)).toBe('undefined');
  });
});

describe('a try that hangs', () => {
  /** A call that never answers, like a request to a hung endpoint, until its signal ends it. */
  const hang = (signal?: AbortSignal) =>
    new Promise<string>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new Error('aborted'))),
    );

  it('is given up after attemptTimeoutMs and retried as a timeout', async () => {
    let tries = 0;
    const retries: string[] = [];
    const result = await withRetry(
      (signal) => (++tries < 3 ? hang(signal) : Promise.resolve('answered')),
      {
        clock: new ManualClock(0),
        random: () => 0,
        attemptTimeoutMs: 20,
        onRetry: (error) => retries.push(errorText(error)),
      },
    );
    expect(result).toBe('answered');
    expect(retries).toEqual([
      'TimeoutError: no answer within 20 ms',
      'TimeoutError: no answer within 20 ms',
    ]);
  });

  it('ends at once on a cancel and is not retried', async () => {
    const controller = new AbortController();
    let tries = 0;
    const attempt = withRetry(
      (signal) => {
        tries++;
        return hang(signal);
      },
      { clock: new ManualClock(0), signal: controller.signal, attemptTimeoutMs: 60_000 },
    );
    controller.abort('received SIGINT');
    await expect(attempt).rejects.toThrow('aborted');
    expect(tries).toBe(1);
  });

  it('never outlives the policy deadline', async () => {
    const clock = new ManualClock(0);
    const attempt = withRetry((signal) => hang(signal), {
      clock,
      policy: { attempts: 1, baseMs: 1, capMs: 1, deadline: 30 },
    });
    await expect(attempt).rejects.toThrow('no answer within 30 ms');
  });
});
