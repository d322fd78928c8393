import { describe, expect, it } from '@jest/globals';
import {
  formatDuration,
  parseBoolean,
  parseDuration,
  parseInteger,
  parseAliasName,
  parseFunctionName,
  parseList,
  parsePercent,
  parseVersion,
} from '../../../src/core/inputs.js';
import { InputError } from '../../../src/core/input-error.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    [' 2H ', 7_200_000],
    ['1.5s', 1500],
  ])('reads %s as %i ms', (raw, ms) => expect(parseDuration('bake-time', raw)).toBe(ms));

  it.each(['', '5', 'five minutes', '5 m', '-5m', '5x'])(
    'refuses %j naming the input and the form',
    (raw) => {
      expect(() => parseDuration('bake-time', raw)).toThrow(InputError);
      expect(() => parseDuration('bake-time', raw)).toThrow(
        /Input 'bake-time'.*expected a duration such as 90s, 5m, 1h30m/,
      );
    },
  );

  it('formats what it reads', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(250)).toBe('250ms');
  });
});

describe('percentages', () => {
  it('reads 10% and 10 as a tenth', () => {
    expect(parsePercent('weight', '10%')).toBeCloseTo(0.1);
    expect(parsePercent('weight', '10')).toBeCloseTo(0.1);
    expect(parsePercent('weight', '0.5%')).toBeCloseTo(0.005);
  });
  it.each(['101%', '-1%', 'ten', ''])('refuses %j', (raw) => {
    expect(() => parsePercent('weight', raw)).toThrow(/Input 'weight'.*percentage from 0% to 100%/);
  });
});

describe('versions', () => {
  it('reads a published version number', () => expect(parseVersion('version', ' 42 ')).toBe('42'));
  it('refuses $LATEST and says why', () => {
    expect(() => parseVersion('version', '$LATEST')).toThrow(
      /\$LATEST cannot be used for weighted routing/,
    );
  });
  it.each(['0', '07', 'v3', '', 'prod'])('refuses %j', (raw) => {
    expect(() => parseVersion('version', raw)).toThrow(/Input 'version'.*published version number/);
  });
});

describe('lists and booleans', () => {
  it('reads one per line or comma-separated, dropping blanks', () => {
    expect(parseList('a\n b ,c\n\n')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });
  it('reads the YAML booleans and nothing else', () => {
    expect(parseBoolean('dry-run', 'True')).toBe(true);
    expect(parseBoolean('dry-run', 'false')).toBe(false);
    expect(() => parseBoolean('dry-run', 'yes')).toThrow(
      /Input 'dry-run' is 'yes'; expected true or false/,
    );
  });
  it('bounds integers', () => {
    expect(parseInteger('min-invocations', '50')).toBe(50);
    expect(() => parseInteger('min-invocations', '5.5')).toThrow(/whole number/);
  });
});

describe('function and alias names', () => {
  it.each([
    'orders',
    'orders-api_2',
    '123456789012:function:orders',
    'arn:aws:lambda:eu-west-1:123456789012:function:orders',
  ])('reads the function %s', (raw) => expect(parseFunctionName('function-name', raw)).toBe(raw));
  it.each([
    '',
    'orders:4',
    'orders:$LATEST',
    'arn:aws:lambda:eu-west-1:123456789012:function:orders:live',
    'my orders',
  ])('refuses the function %j: an alias belongs to the unqualified function', (raw) =>
    expect(() => parseFunctionName('function-name', raw)).toThrow(
      /Input 'function-name'.*without a version or alias qualifier/,
    ),
  );
  it.each(['live', 'prod-2', 'blue_green'])('reads the alias %s', (raw) =>
    expect(parseAliasName('alias', raw)).toBe(raw),
  );
  it.each(['', '7', '$LATEST', 'live alias', 'a'.repeat(129)])('refuses the alias %j', (raw) =>
    expect(() => parseAliasName('alias', raw)).toThrow(
      /Input 'alias'.*a Lambda alias name such as live/,
    ),
  );
});
