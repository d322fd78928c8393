import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../../src/core/input-error.js';
import { parseZone } from '../../../../src/core/blockers/time-zone.js';
import {
  formatInstant,
  inWindow,
  parseWindows,
  windowCloses,
  windowOpenings,
} from '../../../../src/core/blockers/windows.js';

const at = (iso: string): number => Date.parse(iso);
const one = (line: string, zone = 'UTC') => parseWindows('windows', line, zone)[0];

describe('window grammar', () => {
  it('reads days, hours and an optional zone, one window per line', () => {
    const windows = parseWindows(
      'windows',
      'Mon-Fri 09:00-16:00 Europe/Berlin\n\n# weekends are for people\nSat,Sun 10:00-12:00',
      'America/New_York',
    );
    expect(windows).toHaveLength(2);
    expect([...windows[0].days]).toEqual([1, 2, 3, 4, 5]);
    expect(windows[0]).toMatchObject({ startMinute: 540, endMinute: 960, zone: 'Europe/Berlin' });
    expect([...windows[1].days]).toEqual([6, 7]);
    expect(windows[1].zone).toBe('America/New_York');
  });

  it.each([
    ['daily 00:00-24:00', [1, 2, 3, 4, 5, 6, 7]],
    ['weekdays 08:00-09:00', [1, 2, 3, 4, 5]],
    ['weekends 08:00-09:00', [6, 7]],
    ['mon,wed-fri 08:00-09:00', [1, 3, 4, 5]],
    ['Fri-Mon 08:00-09:00', [5, 6, 7, 1]],
  ])('reads the days of %s', (line, days) => {
    expect([...one(line).days].sort()).toEqual([...days].sort());
  });

  it('canonicalises the zone spelling', () => {
    expect(one('daily 08:00-09:00 europe/berlin').zone).toBe('Europe/Berlin');
    expect(parseZone('timezone', 'utc')).toBe('UTC');
  });

  it.each([
    ['Mon-Fri 9-16', /expected one window per line/],
    ['Mon-Fri 09:00-16:00 Mars/Olympus', /'Mars\/Olympus' is an unknown time zone/],
    ['Mon-Fri 09:00-16:00 Europe/Berlin extra', /expected one window per line/],
    ['Mon-Fry 09:00-16:00', /'Mon-Fry' is not a list of days/],
    ['Mon-Fri 09:00-25:00', /'25:00' is not a time of day/],
    ['Mon-Fri 09:60-10:00', /'09:60' is not a time of day/],
    ['Mon-Fri 24:00-10:00', /'24:00' is not a time of day/],
    ['daily 10:00-10:00', /start and end must differ/],
  ])('refuses %j naming the input', (line, why) => {
    expect(() => parseWindows('windows', line, 'UTC')).toThrow(InputError);
    expect(() => parseWindows('windows', line, 'UTC')).toThrow(/Input 'windows'/);
    expect(() => parseWindows('windows', line, 'UTC')).toThrow(why);
  });
});

describe('inside a window', () => {
  const berlin = one('Mon-Fri 09:00-16:00 Europe/Berlin');

  it('judges on the local clock of the window zone', () => {
    // Monday 5 January 2026: Berlin is UTC+1.
    expect(inWindow(berlin, at('2026-01-05T07:59:00Z'))).toBe(false);
    expect(inWindow(berlin, at('2026-01-05T08:00:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-01-05T14:59:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-01-05T15:00:00Z'))).toBe(false);
    expect(inWindow(berlin, at('2026-01-10T10:00:00Z'))).toBe(false); // Saturday
  });

  it('keeps local hours across the spring DST change (CET -> CEST, 29 March 2026)', () => {
    // Friday before: opens 08:00 UTC. Monday after: opens 07:00 UTC.
    expect(inWindow(berlin, at('2026-03-27T08:00:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-03-30T06:59:00Z'))).toBe(false);
    expect(inWindow(berlin, at('2026-03-30T14:00:00Z'))).toBe(false); // 16:00 CEST
  });

  it('keeps local hours across the autumn DST change (25 October 2026)', () => {
    expect(inWindow(berlin, at('2026-10-23T14:59:00Z'))).toBe(false); // 16:59 CEST
    expect(inWindow(berlin, at('2026-10-26T14:59:00Z'))).toBe(true); // 15:59 CET
  });

  it('counts both passes through a repeated hour when the fall-back hour is in the window', () => {
    const night = one('Sun 02:00-03:00 Europe/Berlin');
    // 02:30 happens twice on 25 October 2026: 00:30Z (CEST) and 01:30Z (CET).
    expect(inWindow(night, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(inWindow(night, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(inWindow(night, at('2026-10-25T02:00:00Z'))).toBe(false);
  });

  it('a window crossing midnight belongs to the day it starts on', () => {
    const friNight = one('Fri 22:00-02:00');
    expect(inWindow(friNight, at('2026-01-09T22:00:00Z'))).toBe(true); // Friday 22:00
    expect(inWindow(friNight, at('2026-01-10T01:59:00Z'))).toBe(true); // Saturday 01:59
    expect(inWindow(friNight, at('2026-01-10T02:00:00Z'))).toBe(false);
    expect(inWindow(friNight, at('2026-01-09T01:00:00Z'))).toBe(false); // Friday 01:00: Thursday's night
    expect(inWindow(friNight, at('2026-01-10T22:30:00Z'))).toBe(false); // Saturday 22:30
  });

  it('24:00 ends the window at local midnight', () => {
    const late = one('Mon 20:00-24:00');
    expect(inWindow(late, at('2026-01-05T23:59:00Z'))).toBe(true);
    expect(inWindow(late, at('2026-01-06T00:00:00Z'))).toBe(false);
  });
});

describe('window openings and closings', () => {
  it('says when the open window closes, on its local clock', () => {
    const w = one('Fri 22:00-02:00 Europe/Berlin');
    const closes = windowCloses(w, at('2026-01-09T22:30:00Z')); // Friday 23:30 Berlin
    expect(formatInstant(closes, 'Europe/Berlin')).toBe('Sat 2026-01-10 02:00 Europe/Berlin');
  });

  it('lists openings in local time across DST', () => {
    const w = one('daily 09:00-10:00 Europe/Berlin');
    const openings = windowOpenings(w, at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'));
    expect(openings.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('opens a window whose start is skipped by DST at the first minute after the gap', () => {
    const w = one('Sun 02:30-04:00 Europe/Berlin');
    const [opens] = windowOpenings(w, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'));
    expect(formatInstant(opens, 'Europe/Berlin')).toBe('Sun 2026-03-29 03:30 Europe/Berlin');
    expect(inWindow(w, opens)).toBe(true);
  });
});
