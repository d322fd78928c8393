// Lambda's own limits on names (from its API reference: a function name is 1-64 letters,
// digits, - and _; the FunctionName parameter, ARN included, at most 140 characters; an
// alias 1-128 of the same, not all digits), the version bound, and the duration bounds,
// each refusal naming the input, the value and the expected form.
import { describe, expect, it } from '@jest/globals';
import {
  formatDuration,
  MAX_VERSION,
  MAX_WAIT_MS,
  parseAliasName,
  parseDurationWithin,
  parseFunctionName,
  parseVersion,
  parseWait,
} from '../../../src/core/inputs.js';

const ACCOUNT = '123456789012';
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('function names', () => {
  it.each([
    'o'.repeat(64),
    `${ACCOUNT}:function:orders`,
    `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders`,
    `arn:aws-us-gov:lambda:us-gov-west-1:${ACCOUNT}:function:orders`,
    `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:${'o'.repeat(64)}`,
  ])('reads %s', (raw) => expect(parseFunctionName('function-name', raw)).toBe(raw));

  it.each([
    ['orders:live', ':live'],
    ['orders:4', ':4'],
    ['orders:$LATEST', ':$LATEST'],
    [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders:live`, ':live'],
    [`${ACCOUNT}:function:orders:4`, ':4'],
  ])('refuses the qualified %s, naming the qualifier', (raw, qualifier) =>
    expect(refusal(() => parseFunctionName('function-name', raw))).toBe(
      `Input 'function-name' is '${raw}'; expected a Lambda function name of 1 to 64 letters, digits, - and _ such as orders-api, or its ARN or partial ARN (123456789012:function:orders-api), at most 140 characters in all, without a version or alias qualifier; '${qualifier}' is a qualifier: give the alias in 'alias'.`,
    ),
  );

  it.each(['orders.api', 'orders api', 'orders/api', 'ördeRs', 'o'.repeat(65)])(
    'refuses %j: not 1-64 letters, digits, - and _',
    (raw) =>
      expect(refusal(() => parseFunctionName('function-name', raw))).toMatch(
        /^Input 'function-name' is '.*'; expected a Lambda function name of 1 to 64 letters, digits, - and _ .*qualifier\.$/,
      ),
  );

  it('refuses an ARN that is not one', () => {
    expect(
      refusal(() => parseFunctionName('function-name', 'arn:aws:lambda:eu-west-1:1234:function:o')),
    ).toMatch(/an ARN reads arn:aws:lambda:<region>:<12-digit account>:function:<name>\.$/);
  });

  it('refuses a FunctionName over 140 characters, even with a name of 64', () => {
    const arn = `arn:aws-a-very-long-partition-name-indeed:lambda:eu-west-1:${ACCOUNT}:function:${'o'.repeat(64)}`;
    expect(arn.length).toBeGreaterThan(140);
    expect(refusal(() => parseFunctionName('function-name', arn))).toMatch(
      /at most 140 characters in all/,
    );
  });
});

describe('alias names', () => {
  it('reads 128 characters', () =>
    expect(parseAliasName('alias', 'a'.repeat(128))).toHaveLength(128));
  it.each(['a'.repeat(129), 'live.blue', 'live:1', '42'])('refuses %j', (raw) =>
    expect(refusal(() => parseAliasName('alias', raw))).toMatch(
      /^Input 'alias' is '.*'; expected a Lambda alias name such as live \(1 to 128 letters, digits, - and _; not a version number\)\.$/,
    ),
  );
});

describe('version numbers', () => {
  it('reads 1 and the largest accepted', () => {
    expect(parseVersion('version', '1')).toBe('1');
    expect(parseVersion('version', String(MAX_VERSION))).toBe('2147483647');
  });
  it.each(['0', '04', '2147483648', '99999999999999999999', '-1', '1.0'])('refuses %j', (raw) =>
    expect(refusal(() => parseVersion('version', raw))).toBe(
      `Input 'version' is '${raw}'; expected a published version number from 1 to 2147483647 without leading zeros, such as 42.`,
    ),
  );
});

describe('durations within bounds', () => {
  it('a wait is at most 5 days, the longest job GitHub runs (self-hosted)', () => {
    expect(MAX_WAIT_MS).toBe(5 * 24 * 3_600_000);
    expect(parseWait('bake-time', '5d')).toBe(MAX_WAIT_MS);
    expect(refusal(() => parseWait('bake-time', '120h1s'))).toBe(
      "Input 'bake-time' is '120h1s'; expected a duration from 1s to 5d (no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one).",
    );
    expect(refusal(() => parseWait('bake-time', '0s'))).toMatch(/from 1s to 5d/);
  });

  it('names both bounds', () => {
    expect(refusal(() => parseDurationWithin('hook-timeout', '16m', 1000, 900_000))).toBe(
      "Input 'hook-timeout' is '16m'; expected a duration from 1s to 15m.",
    );
  });

  it('formats days the way parseDuration reads them', () => {
    expect(formatDuration(MAX_WAIT_MS + 6 * 3_600_000)).toBe('5d6h');
  });
});
