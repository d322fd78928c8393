// Public holidays of a country, state or region, from date-holidays (the tz-aware, well
// kept data set) rather than a hand-written list. Input: one per line or comma-separated,
// ISO 3166 style country[-state[-region]], such as DE-BY, US-CA or GB. A holiday blocks its
// whole day on the region's own clock (the first time zone date-holidays lists for it).
import type Holidays from 'date-holidays';
import { InputError } from '../input-error.js';
import { parseList } from '../inputs.js';

export const HOLIDAYS_FORM =
  'country codes with an optional state and region, such as DE-BY, US-CA or GB (ISO 3166, as the date-holidays library knows them)';

/**
 * The date-holidays class, injected: its data for every country is about half of this
 * action's code, so the action loads it only when the holidays input is used.
 */
export type HolidaysLibrary = typeof Holidays;

export interface HolidayCalendar {
  /** As written, upper-cased: DE-BY. */
  code: string;
  name: string;
  zone: string;
  holidays: Holidays;
}

export interface HolidayHit {
  calendar: string;
  name: string;
  /** The local date, YYYY-MM-DD. */
  date: string;
  /** Epoch ms the holiday ends on the region's clock. */
  end: number;
}

export function parseHolidays(
  input: string,
  raw: string,
  library?: HolidaysLibrary,
): HolidayCalendar[] {
  const codes = parseList(raw);
  if (codes.length === 0) return [];
  if (!library) throw new Error('the holidays library was not loaded');
  return codes.map((code) => parseCalendar(input, code, library));
}

function parseCalendar(input: string, code: string, Holidays: HolidaysLibrary): HolidayCalendar {
  const directory = new Holidays();
  const [countryRaw, stateRaw, regionRaw, extra] = code.split('-');
  const fail = (why: string): never => {
    throw new InputError(input, code, `${HOLIDAYS_FORM}; ${why}`);
  };
  if (extra !== undefined) fail('at most country-state-region');
  const country = findKey(directory.getCountries('en'), countryRaw);
  if (!country) fail(`'${countryRaw}' is not a known country code`);
  let state: string | undefined;
  let region: string | undefined;
  if (stateRaw !== undefined) {
    state = findKey(directory.getStates(country!, 'en') ?? {}, stateRaw);
    if (!state) fail(`'${stateRaw}' is not a known state of ${country}`);
  }
  if (regionRaw !== undefined) {
    region = findKey(directory.getRegions(country!, state!, 'en') ?? {}, regionRaw);
    if (!region) fail(`'${regionRaw}' is not a known region of ${country}-${state}`);
  }
  const options = { types: ['public' as const], languages: ['en'] };
  const holidays =
    region !== undefined
      ? new Holidays(country!, state!, region, options)
      : state !== undefined
        ? new Holidays(country!, state, options)
        : new Holidays(country!, options);
  const zone = holidays.getTimezones()[0] ?? 'UTC';
  holidays.setTimezone(zone);
  const name = [country, state, region].filter(Boolean).join('-');
  return { code: name, name, zone, holidays };
}

function findKey(table: Record<string, string>, wanted: string): string | undefined {
  return Object.keys(table).find((k) => k.toLowerCase() === wanted.trim().toLowerCase());
}

/** The public holidays in force at `instant`, across every calendar. */
export function holidaysAt(calendars: HolidayCalendar[], instant: number): HolidayHit[] {
  const hits: HolidayHit[] = [];
  for (const calendar of calendars) {
    for (const h of calendar.holidays.isHoliday(new Date(instant)) || []) {
      if (h.type !== 'public') continue;
      hits.push({
        calendar: calendar.code,
        name: h.name,
        date: h.date.slice(0, 10),
        end: h.end.getTime(),
      });
    }
  }
  return hits;
}
