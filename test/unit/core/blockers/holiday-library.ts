// The holidays library as a run loads it, for the unit tests: the engine from
// src/check-blockers/holiday-engine.ts and, per country named, the chunk the build writes,
// split here the same way (countryChunk) from date-holidays' own data and moment-timezone's.
import { createRequire } from 'node:module';
import { engine } from '../../../../src/check-blockers/holiday-engine.js';
import {
  type CountryChunk,
  countryChunk,
  type HolidayData,
  type PackedZones,
} from '../../../../src/core/blockers/holiday-chunks.js';
import {
  assembleLibrary,
  countriesToLoad,
  type EarthSeries,
  type HolidaySource,
  type HolidaysLibrary,
} from '../../../../src/core/blockers/holidays.js';

const require = createRequire(import.meta.url);
// date-holidays/data has no types; the build imports the same module.
const dataModule: string = 'date-holidays/data';
// The Earth's series as the parser imports it (it has no types either).
const earthModule: string = 'astronomia/data/vsop87Bearth';
export const fullData = ((await import(dataModule)) as { data: HolidayData }).data;
export const packedZones = require('moment-timezone/data/packed/latest.json') as PackedZones;
export const knownCountries = Object.keys(fullData.holidays).sort();

export const chunkOf = (country: string): CountryChunk =>
  countryChunk(fullData, packedZones, country);

/** What loadHolidaysLibrary gives a run for `raw`, synchronously (config() is). */
export function holidaysLibrary(raw: string): HolidaysLibrary {
  return assembleLibrary(knownCountries, engine, countriesToLoad(raw, knownCountries).map(chunkOf));
}

/** A HolidaySource like the files beside the bundle, recording the chunks asked for. */
export function splitSource(asked: string[] = []): HolidaySource {
  return {
    countries: async () => knownCountries,
    engine: async () => engine,
    chunk: async (country) => {
      asked.push(country);
      return chunkOf(country);
    },
    earth: async () => {
      asked.push('earth');
      return ((await import(earthModule)) as { default: EarthSeries }).default;
    },
  };
}
