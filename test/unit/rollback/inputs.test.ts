// rollback's inputs, refused before any AWS or GitHub call: the same function, alias and
// version grammar as every action, and undo, which says whose deployment may be undone.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/core/input-error.js';
import { parseRollbackInputs, type RawInputs } from '../../../src/rollback/inputs.js';

const raw = (over: Partial<RawInputs> = {}): RawInputs => ({
  'function-name': 'orders',
  alias: 'live',
  'previous-version': '',
  undo: 'this-run',
  reason: '',
  'github-token': '',
  environment: '',
  'deployment-status': 'failure',
  region: '',
  'provisioned-concurrency-timeout': '',
  functions: '',
  'cell-name': '',
  ...over,
});

describe('rollback inputs', () => {
  it('reads a function ARN, an alias and a previous version', () => {
    expect(
      parseRollbackInputs(
        raw({
          'function-name': 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
          'previous-version': '7',
        }),
      ),
    ).toMatchObject({
      functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      alias: 'live',
      previousVersion: '7',
    });
  });

  it('undoes only this run’s deployment unless told latest', () => {
    expect(parseRollbackInputs(raw()).undo).toBe('this-run');
    expect(parseRollbackInputs(raw({ undo: '' })).undo).toBe('this-run');
    expect(parseRollbackInputs(raw({ undo: 'latest' })).undo).toBe('latest');
  });

  it('marks no GitHub deployment without an environment, even with the default token', () => {
    const inputs = parseRollbackInputs(raw({ 'github-token': 'ghs_x' }));
    expect(inputs.environment).toBeUndefined();
  });

  it('waits up to 5m for provisioned concurrency by default, as shift-traffic does', () => {
    expect(parseRollbackInputs(raw()).provisionedConcurrencyTimeoutMs).toBe(5 * 60_000);
    expect(
      parseRollbackInputs(raw({ 'provisioned-concurrency-timeout': '90s' }))
        .provisionedConcurrencyTimeoutMs,
    ).toBe(90_000);
  });

  it.each<[Partial<RawInputs>, string, RegExp]>([
    [{ 'function-name': 'orders:live' }, 'function-name', /':live' is a qualifier/],
    [{ 'function-name': 'orders/api' }, 'function-name', /1 to 64 letters, digits, - and _/],
    [{ 'function-name': 'o'.repeat(65) }, 'function-name', /1 to 64 letters/],
    [{ alias: 'a'.repeat(129) }, 'alias', /1 to 128 letters/],
    [{ 'previous-version': '2147483648' }, 'previous-version', /from 1 to 2147483647/],
    [{ 'previous-version': '0' }, 'previous-version', /from 1 to 2147483647 without leading zeros/],
    [{ undo: 'all' }, 'undo', /one of this-run, latest/],
    [
      { 'provisioned-concurrency-timeout': '2h' },
      'provisioned-concurrency-timeout',
      /from 1s to 1h/,
    ],
  ])('refuses %j naming input %s', (over, input, why) => {
    let thrown: unknown;
    try {
      parseRollbackInputs(raw(over));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).input).toBe(input);
    expect((thrown as Error).message).toMatch(why);
  });
});
