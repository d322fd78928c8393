// The holiday engine and data as the build writes them beside the bundle, in
// dist/check-blockers/holidays/: index.js (the country codes), engine.js (the parser and
// moment-timezone without zones) and <CC>.js per country (its rules and zones; see
// core/blockers/holiday-chunks.ts), and earth.js (the Earth's series, for the few countries
// whose rules need it). Imported natively at run time, relative to the bundle, so
// a run reads the engine and the named countries only; webpackIgnore keeps ncc from bundling.
import type { CountryChunk } from '../core/blockers/holiday-chunks.js';
import type { EarthSeries, HolidayEngine, HolidaySource } from '../core/blockers/holidays.js';

const load = (file: string): Promise<unknown> =>
  import(/* webpackIgnore: true */ `./holidays/${file}`);

export const holidayFiles: HolidaySource = {
  countries: async () => ((await load('index.js')) as { countries: string[] }).countries,
  engine: async () => ((await load('engine.js')) as { engine: HolidayEngine }).engine,
  // Only ever a code from countries(): the input never reaches the path unchecked.
  chunk: async (country) => ((await load(`${country}.js`)) as { default: CountryChunk }).default,
  earth: async () => ((await load('earth.js')) as { default: EarthSeries }).default,
};
