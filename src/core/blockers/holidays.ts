// Public holidays of a country, state or region, from date-holidays (the tz-aware, well
// kept data set) rather than a hand-written list. Input: one per line or comma-separated,
// ISO 3166 style country[-state[-region]], such as DE-BY, US-CA or GB. A holiday blocks its
// whole day on the region's own clock (the first time zone date-holidays lists for it).
//
// Only the countries named are loaded: date-holidays' data for every country, with every time
// zone, is ten times the rest of the action. The build splits it per country (see
// holiday-chunks.ts); loadHolidaysLibrary loads the engine and the named countries' chunks
// from a HolidaySource and hands the parser only their data.
import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { InputError } from '../input-error.js';
import { parseList } from '../inputs.js';
import {
  type CountryChunk,
  countriesNamed,
  type HolidayData,
  type PackedZones,
} from './holiday-chunks.js';

export const HOLIDAYS_FORM =
  'country codes with an optional state and region, such as DE-BY, US-CA or GB (ISO 3166, as the date-holidays library knows them)';

/**
 * date-holidays-parser's class: date-holidays' own Holidays (the instances are the same) but
 * given the data to read instead of importing every country's.
 */
export interface HolidaysParserClass {
  new (data: HolidayData, opts?: HolidaysTypes.Options): Holidays;
  new (data: HolidayData, country: string, opts?: HolidaysTypes.Options): Holidays;
  new (data: HolidayData, country: string, state: string, opts?: HolidaysTypes.Options): Holidays;
  new (
    data: HolidayData,
    country: string,
    state: string,
    region: string,
    opts?: HolidaysTypes.Options,
  ): Holidays;
}

/** astronomia's VSOP87 series of the Earth: its data module, without the name and type. */
export interface EarthSeries {
  L: unknown;
  B: unknown;
  R: unknown;
}

/**
 * date-holidays' parser, a way to give moment-timezone the zones a chunk carries, and one to
 * give astronomy the Earth's series when a chunk's rules need it (see needsEarth).
 */
export interface HolidayEngine {
  HolidaysParser: HolidaysParserClass;
  loadZones(zones: PackedZones): void;
  loadEarth(series: EarthSeries): void;
}

/** Where the engine and the per-country chunks come from: files beside the bundle, in a run. */
export interface HolidaySource {
  /** Every country code date-holidays knows. */
  countries(): Promise<readonly string[]>;
  engine(): Promise<HolidayEngine>;
  /** One country's chunk; asked only for a code from countries(). */
  chunk(country: string): Promise<CountryChunk>;
  /** The Earth's VSOP87 series; asked only when a chunk needsEarth. */
  earth(): Promise<EarthSeries>;
}

/** The engine with the data of the countries the input names, and nothing else. */
export interface HolidaysLibrary {
  /** Every country code date-holidays knows: the input is checked against these. */
  known: readonly string[];
  /** The countries whose rules were loaded: those named and those they refer to (GU: US). */
  loaded: string[];
  data: HolidayData;
  HolidaysParser: HolidaysParserClass;
}

/**
 * Loads what the holidays input needs: the engine and a chunk per known country it names.
 * An unknown country loads nothing; parseHolidays refuses it with the input's name.
 */
export async function loadHolidaysLibrary(
  raw: string,
  source: HolidaySource,
): Promise<HolidaysLibrary | undefined> {
  if (parseList(raw).length === 0) return undefined;
  const known = await source.countries();
  const [engine, chunks] = await Promise.all([
    source.engine(),
    Promise.all(countriesToLoad(raw, known).map((c) => source.chunk(c))),
  ]);
  if (chunks.some(needsEarth)) engine.loadEarth(await source.earth());
  return assembleLibrary(known, engine, chunks);
}

/**
 * Whether a chunk's rules compute with the Earth's orbit: equinoxes and solstices (`march
 * equinox`), and the Chinese, Korean and Vietnamese calendars, as date-holidays-parser's
 * grammar spells them. Any mention counts (a holiday's name too): loading it once too often
 * costs 0.1 MB; once too few, the check fails and blocks.
 */
export function needsEarth(chunk: CountryChunk): boolean {
  return /equinox|solstice|chinese|korean|vietnamese/i.test(JSON.stringify(chunk.data.holidays));
}

/** The known countries the input names, as date-holidays spells them: DE for de-by. */
export function countriesToLoad(raw: string, known: readonly string[]): string[] {
  return countriesNamed(parseList(raw)).flatMap((c) => findKey(known, c) ?? []);
}

/** The engine given the chunks' zones, and their rules merged for the parser. */
export function assembleLibrary(
  known: readonly string[],
  engine: HolidayEngine,
  chunks: CountryChunk[],
): HolidaysLibrary {
  const data: HolidayData = { holidays: {}, names: {} };
  for (const chunk of chunks) {
    Object.assign(data.holidays, chunk.data.holidays);
    Object.assign(data.names, chunk.data.names);
    data.version ??= chunk.data.version;
    data.license ??= chunk.data.license;
    engine.loadZones(chunk.zones);
  }
  return {
    known,
    loaded: Object.keys(data.holidays).sort(),
    data,
    HolidaysParser: engine.HolidaysParser,
  };
}

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

function parseCalendar(input: string, code: string, library: HolidaysLibrary): HolidayCalendar {
  const { HolidaysParser: Holidays, data } = library;
  const directory = new Holidays(data);
  const [countryRaw, stateRaw, regionRaw, extra] = code.split('-');
  const fail = (why: string): never => {
    throw new InputError(input, code, `${HOLIDAYS_FORM}; ${why}`);
  };
  if (extra !== undefined) fail('at most country-state-region');
  const country = findKey(library.known, countryRaw);
  if (!country) fail(`'${countryRaw}' is not a known country code`);
  if (!library.loaded.includes(country!)) throw new Error(`${country}'s holidays were not loaded`);
  let state: string | undefined;
  let region: string | undefined;
  if (stateRaw !== undefined) {
    state = findKey(Object.keys(directory.getStates(country!, 'en') ?? {}), stateRaw);
    if (!state) fail(`'${stateRaw}' is not a known state of ${country}`);
  }
  if (regionRaw !== undefined) {
    region = findKey(Object.keys(directory.getRegions(country!, state!, 'en') ?? {}), regionRaw);
    if (!region) fail(`'${regionRaw}' is not a known region of ${country}-${state}`);
  }
  const options = { types: ['public' as const], languages: ['en'] };
  const holidays =
    region !== undefined
      ? new Holidays(data, country!, state!, region, options)
      : state !== undefined
        ? new Holidays(data, country!, state, options)
        : new Holidays(data, country!, options);
  const zone = holidays.getTimezones()[0] ?? 'UTC';
  holidays.setTimezone(zone);
  const name = [country, state, region].filter(Boolean).join('-');
  return { code: name, name, zone, holidays };
}

function findKey(keys: readonly string[], wanted: string): string | undefined {
  return keys.find((k) => k.toLowerCase() === wanted.trim().toLowerCase());
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
