import { describe, expect, it } from '@jest/globals';
import { type Calendar, calendarAt, nextStart } from '../../../../src/core/blockers/calendar.js';
import { activeFreezes, nextFreeze, parseFreezes } from '../../../../src/core/blockers/freezes.js';
import { holidaysAt, parseHolidays } from '../../../../src/core/blockers/holidays.js';
import { holidaysLibrary } from './holiday-library.js';
import { parseWindows } from '../../../../src/core/blockers/windows.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (t: number | undefined): string | undefined =>
  t === undefined ? undefined : new Date(t).toISOString();

describe('freeze grammar', () => {
  it('reads date-times on the zone clock, with a reason', () => {
    const [f] = parseFreezes(
      'freezes',
      '2026-12-20T00:00 .. 2027-01-04T09:00 Europe/Berlin: year-end freeze',
      'UTC',
    );
    expect(iso(f.start)).toBe('2026-12-19T23:00:00.000Z');
    expect(iso(f.end)).toBe('2027-01-04T08:00:00.000Z');
    expect(f.reason).toBe('year-end freeze');
  });

  it('reads a date alone as the whole day, the end date included, in the default zone', () => {
    const [f] = parseFreezes('freezes', '2026-12-24 .. 2026-12-26: holidays', 'America/New_York');
    expect(iso(f.start)).toBe('2026-12-24T05:00:00.000Z');
    expect(iso(f.end)).toBe('2026-12-27T05:00:00.000Z');
  });

  it.each([
    ['2026-12-20 .. 2027-01-04', /the form|one freeze per line/],
    ['2026-12-20 .. 2027-01-04:   ', /the reason is missing/],
    ['2026-12-20 .. 2027-01-04 Mars/Base: x', /'Mars\/Base' is an unknown time zone/],
    ['2026-02-30 .. 2026-03-04: x', /'2026-02-30' is not a valid date/],
    ['2026-12-20 .. 2026-12-19: backwards', /the end must be after the start/],
    ['20.12.2026 .. 04.01.2027: x', /one freeze per line/],
  ])('refuses %j naming the input', (line, why) => {
    expect(() => parseFreezes('freezes', line, 'UTC')).toThrow(/Input 'freezes'/);
    expect(() => parseFreezes('freezes', line, 'UTC')).toThrow(why);
  });

  it('finds the freezes in force and the next one', () => {
    const freezes = parseFreezes(
      'freezes',
      '2026-12-20 .. 2027-01-03: year-end\n2026-11-26 .. 2026-11-30: black friday',
      'UTC',
    );
    expect(activeFreezes(freezes, at('2026-11-27T12:00:00Z')).map((f) => f.reason)).toEqual([
      'black friday',
    ]);
    expect(activeFreezes(freezes, at('2026-12-01T00:00:00Z'))).toEqual([]);
    expect(nextFreeze(freezes, at('2026-12-01T00:00:00Z'))?.reason).toBe('year-end');
  });
});

describe('public holidays', () => {
  it('blocks the whole holiday on the region clock', () => {
    const bavaria = parseHolidays('holidays', 'de-by', holidaysLibrary('de-by'));
    expect(bavaria[0]).toMatchObject({ code: 'DE-BY', zone: 'Europe/Berlin' });
    // Epiphany (6 January) is a public holiday in Bavaria: 23:00Z on the 5th is 00:00 Berlin.
    expect(holidaysAt(bavaria, at('2026-01-05T22:59:00Z'))).toEqual([]);
    const [hit] = holidaysAt(bavaria, at('2026-01-05T23:00:00Z'));
    expect(hit).toMatchObject({ calendar: 'DE-BY', name: 'Epiphany', date: '2026-01-06' });
    expect(iso(hit.end)).toBe('2026-01-06T23:00:00.000Z');
  });

  it('knows that a state holiday is not a national one', () => {
    expect(
      holidaysAt(
        parseHolidays('holidays', 'DE-BE', holidaysLibrary('DE-BE')),
        at('2026-01-06T10:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('ignores observances: only public holidays block', () => {
    // Valentine's day is an observance in the US, not a public holiday.
    expect(
      holidaysAt(
        parseHolidays('holidays', 'US', holidaysLibrary('US')),
        at('2026-02-14T17:00:00Z'),
      ),
    ).toEqual([]);
    expect(
      holidaysAt(
        parseHolidays('holidays', 'US', holidaysLibrary('US')),
        at('2026-07-04T17:00:00Z'),
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['XX', /'XX' is not a known country code/],
    ['DE-ZZ', /'ZZ' is not a known state of DE/],
    ['DE-BY-NOPE', /'NOPE' is not a known region of DE-BY/],
    ['DE-BY-A-B', /at most country-state-region/],
  ])('refuses %s naming the input', (code, why) => {
    expect(() => parseHolidays('holidays', code, holidaysLibrary(code))).toThrow(
      /Input 'holidays'/,
    );
    expect(() => parseHolidays('holidays', code, holidaysLibrary(code))).toThrow(why);
  });
});

describe('the next start the calendar allows', () => {
  const calendar = (windows: string, freezes = '', holidays = ''): Calendar => ({
    windows: parseWindows('windows', windows, 'UTC'),
    freezes: parseFreezes('freezes', freezes, 'UTC'),
    holidays: parseHolidays('holidays', holidays, holidaysLibrary(holidays)),
  });

  it('is now when the calendar allows it', () => {
    const c = calendar('Mon-Fri 09:00-16:00 Europe/Berlin');
    expect(nextStart(c, at('2026-01-05T10:00:00Z'))).toBe(at('2026-01-05T10:00:00Z'));
  });

  it('skips the weekend to Monday morning', () => {
    const c = calendar('Mon-Fri 09:00-16:00 Europe/Berlin');
    expect(iso(nextStart(c, at('2026-01-09T16:00:00Z')))).toBe('2026-01-12T08:00:00.000Z');
  });

  it('steps over the DST change to the new offset', () => {
    const c = calendar('Mon-Fri 09:00-16:00 Europe/Berlin');
    // Friday 27 March after hours -> Monday 30 March 09:00 CEST = 07:00Z.
    expect(iso(nextStart(c, at('2026-03-27T16:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('skips windows inside a freeze and opens mid-window when the freeze ends', () => {
    const c = calendar(
      'Mon-Fri 09:00-16:00 Europe/Berlin',
      '2026-12-20 .. 2027-01-04T10:30 Europe/Berlin: year-end freeze',
    );
    const calendarNow = calendarAt(c, at('2026-12-22T10:00:00Z'));
    expect(calendarNow.inWindow).toBe(true);
    expect(calendarNow.freezes).toHaveLength(1);
    expect(iso(nextStart(c, at('2026-12-22T10:00:00Z')))).toBe('2027-01-04T09:30:00.000Z');
  });

  it('skips a public holiday to the next window', () => {
    const c = calendar('Mon-Fri 09:00-16:00 Europe/Berlin', '', 'DE-BY');
    // Monday 5 Jan after hours; Tuesday 6 Jan is Epiphany in Bavaria -> Wednesday 7 Jan.
    expect(iso(nextStart(c, at('2026-01-05T16:00:00Z')))).toBe('2026-01-07T08:00:00.000Z');
  });

  it('is undefined when nothing opens within the horizon', () => {
    const c = calendar('daily 09:00-10:00', '2026-01-01 .. 2028-01-01: moratorium');
    expect(nextStart(c, at('2026-01-05T10:00:00Z'))).toBeUndefined();
  });

  it('is the end of the freeze when no windows are given', () => {
    const c = calendar('', '2026-01-01 .. 2026-01-10: moratorium');
    expect(iso(nextStart(c, at('2026-01-05T10:00:00Z')))).toBe('2026-01-11T00:00:00.000Z');
  });
});
