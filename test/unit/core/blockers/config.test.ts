import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../../src/core/input-error.js';
import { config } from './fixtures.js';

describe('check-blockers inputs', () => {
  it('needs nothing: every check is optional', () => {
    const c = config();
    expect(c).toMatchObject({
      alarms: { names: [], prefixes: [] },
      insufficientData: 'warn',
      timezone: 'UTC',
      blockingLabels: ['deploy-blocker'],
      advice: true,
      failOnBlock: true,
    });
    expect(c.target).toBeUndefined();
    expect(c.override).toBeUndefined();
  });

  it('applies the timezone input to windows and freezes that name none', () => {
    const c = config({
      timezone: 'Europe/Berlin',
      windows: 'Mon-Fri 09:00-16:00\ndaily 01:00-02:00 UTC',
      freezes: '2026-12-24 .. 2026-12-26: christmas',
    });
    expect(c.calendar.windows.map((w) => w.zone)).toEqual(['Europe/Berlin', 'UTC']);
    expect(c.calendar.freezes[0].zone).toBe('Europe/Berlin');
  });

  it('reads the override, lower-casing logins and expanding all to every kind but in-flight', () => {
    const c = config({
      override: 'all',
      'override-reason': 'hotfix for INC-42',
      'override-actors': '@Alice, bob',
    });
    expect(c.override).toEqual({
      kinds: ['alarm', 'window', 'freeze', 'holiday', 'issue'],
      reason: 'hotfix for INC-42',
      actors: ['alice', 'bob'],
    });
    expect(
      config({ override: 'all,in-flight', 'override-reason': 'x', 'override-actors': 'a' }).override
        ?.kinds,
    ).toContain('in-flight');
  });

  it.each([
    [{ timezone: 'Europe/Berln' }, 'timezone', /an IANA time zone/],
    [{ windows: 'Mon-Fri 09:00-16:00 Europe/Berln' }, 'windows', /unknown time zone/],
    [{ alarms: 'orders-errors', 'alarm-prefixes': 'orders-' }, 'alarms', /'orders-' covers it/],
    [{ 'function-name': 'orders' }, 'alias', /the alias to check/],
    [{ alias: 'live' }, 'function-name', /the function whose alias/],
    [{ 'function-name': 'orders', alias: '7' }, 'alias', /not a version number/],
    [{ override: 'alarm' }, 'override-reason', /for the audit trail/],
    [
      { override: 'alarm', 'override-reason': 'incident' },
      'override-actors',
      /GitHub logins allowed/,
    ],
    [
      { override: 'alarms', 'override-reason': 'x', 'override-actors': 'a' },
      'override',
      /blocker kinds to lift/,
    ],
    [{ 'override-reason': 'forgot the kinds' }, 'override', /the blockers to lift/],
    [{ 'insufficient-data': 'ignore' }, 'insufficient-data', /one of warn, block/],
    [{ 'bake-time': '10' }, 'bake-time', /a duration/],
    [{ 'bake-time': '6d' }, 'bake-time', /expected a duration from 1s to 5d \(no job runs longer/],
    [
      { 'function-name': '123456789012:function:orders:4', alias: 'live' },
      'function-name',
      /':4' is a qualifier/,
    ],
    [{ 'function-name': 'orders', alias: 'live.blue' }, 'alias', /1 to 128 letters, digits/],
    [{ 'fail-on-block': 'no' }, 'fail-on-block', /true or false/],
    [{ holidays: 'Bavaria' }, 'holidays', /not a known country code/],
  ])('refuses %j naming input %s', (inputs, input, why) => {
    let thrown: unknown;
    try {
      config(inputs as Record<string, string>);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).input).toBe(input);
    expect((thrown as Error).message).toMatch(why);
  });
});
