// Only the countries the holidays input names are loaded, and what a country's chunk holds
// gives the same holidays, on the same clock, as date-holidays with every country's data.
import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import { listedZones } from '../../../../src/core/blockers/holiday-chunks.js';
import {
  loadHolidaysLibrary,
  needsEarth,
  parseHolidays,
} from '../../../../src/core/blockers/holidays.js';
import { chunkOf, holidaysLibrary, knownCountries, splitSource } from './holiday-library.js';

describe('loading the holidays input', () => {
  it('loads DE alone for DE-BY: the parser sees no other country', async () => {
    const asked: string[] = [];
    const library = await loadHolidaysLibrary('DE-BY', splitSource(asked));
    expect(asked).toEqual(['DE']);
    expect(library?.loaded).toEqual(['DE']);
    expect(Object.keys(new library!.HolidaysParser(library!.data).getCountries('en'))).toEqual([
      'DE',
    ]);
    // Every country is still known, so a typo is told apart from a country not loaded.
    expect(library?.known).toHaveLength(knownCountries.length);
    expect(knownCountries.length).toBeGreaterThan(150);
  });

  it('loads each country named once, in any case, and those their rules refer to', async () => {
    const asked: string[] = [];
    const library = await loadHolidaysLibrary('de-by, DE-BE\nus-ca, GU', splitSource(asked));
    expect(asked).toEqual(['DE', 'US', 'GU']);
    // Guam's rules take days from the US's (`_days: US`).
    expect(chunkOf('GU').countries).toEqual(['GU', 'US']);
    expect(library?.loaded).toEqual(['DE', 'GU', 'US']);
  });

  it("loads the Earth's series only with a country whose rules compute with it", async () => {
    const asked: string[] = [];
    const library = await loadHolidaysLibrary('JP, DE-BY', splitSource(asked));
    // Japan's equinox days; DE-BY alone asks for it nowhere (the first test).
    expect(asked).toEqual(['JP', 'DE', 'earth']);
    expect(needsEarth(chunkOf('JP'))).toBe(true);
    expect(needsEarth(chunkOf('CN'))).toBe(true);
    expect(needsEarth(chunkOf('DE'))).toBe(false);
    expect(library?.loaded).toEqual(['DE', 'JP']);
  });

  it('loads nothing for an unknown country, and parsing names the input', async () => {
    const asked: string[] = [];
    const library = await loadHolidaysLibrary('XX-YY', splitSource(asked));
    expect(asked).toEqual([]);
    expect(() => parseHolidays('holidays', 'XX-YY', library)).toThrow(
      /Input 'holidays'.*country codes with an optional state and region.*'XX' is not a known country code/,
    );
  });

  it('loads nothing without the input', async () => {
    const asked: string[] = [];
    expect(await loadHolidaysLibrary('', splitSource(asked))).toBeUndefined();
    expect(asked).toEqual([]);
  });
});

describe("a country's chunk", () => {
  const full = (...args: [string, ...string[]]) =>
    new Holidays(...(args as [string]), { types: ['public'], languages: ['en'] });

  it.each(knownCountries)(
    '%s: the same public holidays in 2026 and 2027, on the same zone, as every country loaded',
    (country) => {
      const [calendar] = parseHolidays('holidays', country, holidaysLibrary(country));
      const reference = full(country);
      expect(calendar.zone).toBe(reference.getTimezones()[0] ?? 'UTC');
      for (const year of [2026, 2027])
        expect(calendar.holidays.getHolidays(year)).toEqual(reference.getHolidays(year));
    },
  );

  it('gives the same holidays in 2026, on the same zone, for every state and region', () => {
    const reference = new Holidays();
    const codes = knownCountries.flatMap((country) =>
      Object.keys(reference.getStates(country) ?? {}).flatMap((state) => [
        `${country}-${state}`,
        ...Object.keys(reference.getRegions(country, state) ?? {}).map(
          (region) => `${country}-${state}-${region}`,
        ),
      ]),
    );
    expect(codes).toEqual(expect.arrayContaining(['DE-BY', 'DE-BY-A', 'US-CA', 'GB-SCT']));
    for (const code of codes) {
      const [calendar] = parseHolidays('holidays', code, holidaysLibrary(code));
      const whole = full(...(code.split('-') as [string, ...string[]]));
      expect([code, calendar.zone]).toEqual([code, whole.getTimezones()[0] ?? 'UTC']);
      expect([code, calendar.holidays.getHolidays(2026)]).toEqual([code, whole.getHolidays(2026)]);
    }
  });

  it.each(knownCountries)('%s: carries every zone its country, states and regions list', (c) => {
    const chunk = chunkOf(c);
    const names = new Set([
      ...chunk.zones.zones.map((z) => z.slice(0, z.indexOf('|'))),
      ...chunk.zones.links.map((l) => l.slice(l.indexOf('|') + 1)),
    ]);
    expect(listedZones(chunk).filter((zone) => !names.has(zone))).toEqual([]);
  });
});
