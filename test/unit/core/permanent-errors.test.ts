// Errors that waiting cannot cure, classified once (isPermanent, next to isRetryable) and
// acted on alike by both engines: bake-and-watch's bake ends at the poll that meets one, and
// shift-traffic's evidence guard fails the step at once; both name the permission to grant.
import { describe, expect, it } from '@jest/globals';
import { runBake } from '../../../src/core/bake/loop.js';
import { ManualClock } from '../../../src/core/clock.js';
import { errorText } from '../../../src/core/error-text.js';
import { evidenceConfig, evidenceGuard } from '../../../src/core/bake/evidence-guard.js';
import {
  isPermanent,
  isRetryable,
  permanentKind,
  withPermission,
} from '../../../src/core/retry.js';
import { parseStrategy } from '../../../src/core/strategy.js';
import { config, MIN, subject, T0 } from './bake/fixtures.js';

const awsError = (name: string, status?: number, message = `${name} happened`) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** CloudWatch's answer to a role without cloudwatch:GetMetricData, tagged as the adapter tags it. */
const deniedMetrics = () =>
  withPermission(
    awsError('AccessDenied', 403, 'User is not authorized to perform this action'),
    'cloudwatch:GetMetricData',
  );

describe('isPermanent', () => {
  it.each([
    ['AccessDenied', 403, 'denied'],
    ['AccessDeniedException', 403, 'denied'],
    ['UnrecognizedClientException', 403, 'credentials'],
    ['InvalidClientTokenId', 403, 'credentials'],
    ['ExpiredToken', 400, 'credentials'],
    ['ExpiredTokenException', 403, 'credentials'],
    ['InvalidSignatureException', 403, 'credentials'],
    ['SignatureDoesNotMatch', 403, 'credentials'],
    ['ValidationError', 400, 'invalid-request'],
    ['InvalidParameterValueException', 400, 'invalid-request'],
    ['ResourceNotFoundException', 404, 'not-found'],
  ])('%s (%i) is permanent: %s', (name, status, kind) => {
    const error = awsError(name, status);
    expect(permanentKind(error)).toBe(kind);
    expect(isPermanent(error)).toBe(true);
    expect(isRetryable(error)).toBe(false);
  });

  it.each([
    ['ThrottlingException', 400],
    ['Throttling', 400],
    ['TooManyRequestsException', 429],
    ['InternalServiceError', 500],
    ['ServiceException', 500],
    ['ResourceConflictException', 409],
  ])('%s (%i) is transient, not permanent', (name, status) => {
    expect(isPermanent(awsError(name, status))).toBe(false);
    expect(isRetryable(awsError(name, status))).toBe(true);
  });

  it('a dropped connection is transient', () => {
    expect(isPermanent(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
  });

  it("reads GitHub's statuses too, but not its rate limit answered with 403", () => {
    const github = (status: number, message: string) =>
      Object.assign(new Error(message), { name: 'HttpError', status });
    expect(permanentKind(github(403, 'Resource not accessible by integration'))).toBe('denied');
    expect(permanentKind(github(401, 'Bad credentials'))).toBe('credentials');
    expect(isPermanent(github(403, 'You have exceeded a secondary rate limit'))).toBe(false);
  });

  it('an error it does not know is not called permanent', () => {
    expect(isPermanent(new Error('something odd'))).toBe(false);
    expect(isPermanent(undefined)).toBe(false);
  });
});

describe('errorText of a permanent error says what to fix', () => {
  it('a denial names the permission its adapter needed', () => {
    expect(errorText(deniedMetrics())).toBe(
      'AccessDenied: User is not authorized to perform this action (needs cloudwatch:GetMetricData)',
    );
  });

  it('does not repeat a permission AWS already named', () => {
    const error = withPermission(
      awsError('AccessDenied', 403, 'not authorized to perform: cloudwatch:DescribeAlarms'),
      'cloudwatch:DescribeAlarms',
    );
    expect(errorText(error)).toBe(
      'AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms',
    );
  });

  it('bad credentials say so', () => {
    expect(errorText(awsError('ExpiredTokenException', 403, 'The security token expired'))).toBe(
      'ExpiredTokenException: The security token expired (the credentials are not valid or have expired)',
    );
  });
});

describe('the bake meets a permanent error', () => {
  it('ends at the first poll with Error naming the permission, instead of polling to max-bake-time', async () => {
    const clock = new ManualClock(T0);
    let reads = 0;
    const out = await runBake({
      config: config({ bakeTimeMs: 10 * MIN, maxBakeTimeMs: 30 * MIN }),
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      baselineSource: 'concurrent',
      pollIntervalMs: 30_000,
      clock,
      ports: {
        readMetrics: async () => {
          reads++;
          throw deniedMetrics();
        },
      },
    });
    expect(out.verdict).toBe('error');
    expect(out.reason).toBe(
      'The evidence cannot be read, and waiting will not change that: AccessDenied: User is not authorized to perform this action (needs cloudwatch:GetMetricData).',
    );
    expect(reads).toBe(1);
    expect(out.polls).toHaveLength(1);
    expect(clock.now()).toBe(T0);
  });

  it('a denied alarm read ends it the same way', async () => {
    const clock = new ManualClock(T0);
    const out = await runBake({
      ...subject(),
      pollIntervalMs: 30_000,
      clock,
      ports: {
        readMetrics: async () => ({ periods: [], partial: false, messages: [] }),
        readAlarms: async () => {
          throw withPermission(awsError('AccessDenied', 403), 'cloudwatch:DescribeAlarms');
        },
      },
    });
    expect(out.verdict).toBe('error');
    expect(out.reason).toMatch(/needs cloudwatch:DescribeAlarms\)\.$/);
    expect(clock.now()).toBe(T0);
  });
});

describe("shift-traffic's evidence guard meets a permanent error", () => {
  it('fails the step at the first look, not after three in a row', async () => {
    const clock = new ManualClock(T0);
    const guard = evidenceGuard({
      config: evidenceConfig(
        {
          rules: config().rules,
          significance: 0.01,
          periodS: 60,
          minInvocations: 100,
          trafficDrop: 0.9,
        },
        parseStrategy('canary 10% 30m'),
      ),
      version: '4',
      previousVersion: '3',
      startedAt: T0 - 5 * MIN,
      clock,
      readMetrics: async () => {
        throw deniedMetrics();
      },
    });
    expect(await guard.check()).toEqual({
      fail: 'evidence cannot be read, and waiting will not change that (AccessDenied: User is not authorized to perform this action (needs cloudwatch:GetMetricData))',
    });
  });
});

describe('a hint after a message that ends a sentence', () => {
  it('goes before the full stop, not after it', () => {
    const error = withPermission(
      awsError('AccessDeniedException', 403, 'Not allowed.'),
      'lambda:GetAlias',
    );
    expect(errorText(error)).toBe('AccessDeniedException: Not allowed (needs lambda:GetAlias)');
  });
});
