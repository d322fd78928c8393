// The engine the build writes goes without the Earth's VSOP87 series (~0.1 MB): a run loads
// it only with a country whose rules need it (needsEarth). That must hold for every country
// and state: each one needsEarth passes over computes this year's and next year's holidays
// with the built engine and its chunk alone, where the series, unloaded, throws when read.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CountryChunk } from '../../src/core/blockers/holiday-chunks.js';
import {
  assembleLibrary,
  type HolidayEngine,
  needsEarth,
} from '../../src/core/blockers/holidays.js';
import { REPO_ROOT } from '../harness/runner.js';

const dir = join(process.env.SMOKE_REPO_ROOT ?? REPO_ROOT, 'dist', 'check-blockers', 'holidays');
const load = async <T>(file: string): Promise<T> =>
  (await import(pathToFileURL(join(dir, file)).href)) as T;

describe('the holiday engine without the Earth', () => {
  it('computes every country and state that needsEarth passes over', async () => {
    if (!existsSync(join(dir, 'engine.js'))) throw new Error(`no holiday files in ${dir}`);
    const { engine } = await load<{ engine: HolidayEngine }>('engine.js');
    const { countries } = await load<{ countries: string[] }>('index.js');
    const year = new Date().getUTCFullYear();
    const failures: string[] = [];
    const needing: string[] = [];
    for (const country of countries) {
      const chunk = (await load<{ default: CountryChunk }>(`${country}.js`)).default;
      if (needsEarth(chunk)) {
        needing.push(country);
        continue;
      }
      const { data, HolidaysParser } = assembleLibrary(countries, engine, [chunk]);
      const states = Object.keys(new HolidaysParser(data).getStates(country, 'en') ?? {});
      for (const state of [undefined, ...states]) {
        try {
          const holidays =
            state === undefined
              ? new HolidaysParser(data, country)
              : new HolidaysParser(data, country, state);
          holidays.getHolidays(year);
          holidays.getHolidays(year + 1);
        } catch (error) {
          failures.push(`${country}${state ? `-${state}` : ''}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The few that need it: equinoxes (JP), lunisolar calendars (CN, KR, VN, SG...).
    expect(needing).toEqual(expect.arrayContaining(['CN', 'JP', 'KR', 'VN']));
    expect(needing.length).toBeLessThan(countries.length / 4);
  });
});
