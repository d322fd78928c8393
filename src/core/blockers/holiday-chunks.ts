// date-holidays' data, one country at a time. Its data set holds every country's rules (~0.8 MB
// of JSON) and moment-timezone's every zone (~0.7 MB); a run needs one or two countries and
// their zones. The build splits both with countryChunk into one small module per country
// (dist/check-blockers/holidays/<CC>.js); the tests split them the same way at run time.

/** date-holidays' data: `import { data } from 'date-holidays/data'`. */
export interface HolidayData {
  version?: string;
  license?: string;
  holidays: Record<string, unknown>;
  names: Record<string, unknown>;
}

/** moment-timezone's packed zones: moment-timezone/data/packed/latest.json. */
export interface PackedZones {
  version: string;
  zones: string[];
  links: string[];
}

/** What one country needs: its rules, those it refers to, the day names and the zones. */
export interface CountryChunk {
  /** The country asked for. */
  country: string;
  /** The country and every one whose days it refers to (`_days`): GU needs US. */
  countries: string[];
  data: HolidayData;
  zones: PackedZones;
}

/** Zones every chunk carries: the parser's fallbacks (UTC, and GMT for equinoxes). */
const ALWAYS_ZONES = ['Etc/UTC', 'Etc/GMT', 'UTC', 'GMT'];

/** The upper-cased country part of each code in the holidays input: DE for de-by. */
export function countriesNamed(codes: string[]): string[] {
  const named = codes.map((code) => code.split('-')[0].trim().toUpperCase());
  return [...new Set(named)].filter(Boolean);
}

export function countryChunk(data: HolidayData, zones: PackedZones, country: string): CountryChunk {
  if (!(country in data.holidays)) throw new Error(`date-holidays has no country ${country}`);
  const countries = withReferences(data.holidays, country);
  const holidays = Object.fromEntries(countries.map((c) => [c, data.holidays[c]]));
  const text = JSON.stringify(holidays);
  const names: Record<string, unknown> = {};
  // Day names are shared: a rule names one with `_name`; substitutes name substitute days.
  for (const [, name] of text.matchAll(/"_name":"((?:[^"\\]|\\.)*)"/g)) {
    const key = JSON.parse(`"${name}"`) as string;
    if (key in data.names) names[key] = data.names[key];
  }
  if ('substitutes' in data.names) names.substitutes = data.names.substitutes;
  return {
    country,
    countries,
    data: { version: data.version, license: data.license, holidays, names },
    zones: zonesFor(zones, text),
  };
}

/** The country and, transitively, every country a `_days` reference in its rules names. */
function withReferences(holidays: Record<string, unknown>, country: string): string[] {
  const found = [country];
  for (let i = 0; i < found.length; i++) {
    const refs = JSON.stringify(holidays[found[i]]).matchAll(/"_days":(\[[^\]]*\]|"[^"]*")/g);
    for (const [, ref] of refs) {
      const path = JSON.parse(ref) as string | string[];
      const target = Array.isArray(path) ? path[0] : path;
      if (!(target in holidays)) throw new Error(`${found[i]} refers to unknown ${target}`);
      if (!found.includes(target)) found.push(target);
    }
  }
  return found;
}

/**
 * The packed zones a chunk's rules can name: every IANA name in them (the `zones` lists, and a
 * rule's `in America/Santiago`), each link with its target, and the parser's fallbacks.
 */
function zonesFor(all: PackedZones, text: string): PackedZones {
  const zoneByName = new Map(all.zones.map((z) => [z.slice(0, z.indexOf('|')), z]));
  const linkByAlias = new Map(all.links.map((l) => [l.slice(l.indexOf('|') + 1), l]));
  const wanted = new Set(ALWAYS_ZONES);
  for (const [name] of text.matchAll(/[A-Z][A-Za-z_-]+(?:\/[A-Za-z0-9_+-]+)+/g)) wanted.add(name);
  const zones = new Set<string>();
  const links = new Set<string>();
  for (const name of wanted) {
    const link = linkByAlias.get(name);
    const target = link ? link.slice(0, link.indexOf('|')) : name;
    if (link) links.add(link);
    const zone = zoneByName.get(target);
    if (zone) zones.add(zone);
  }
  return { version: all.version, zones: [...zones].sort(), links: [...links].sort() };
}

/** Every zone a chunk's data lists for its country, states and regions. */
export function listedZones(chunk: CountryChunk): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const { zones, states, regions } = node as Record<string, unknown>;
    if (Array.isArray(zones)) for (const z of zones) found.add(String(z));
    for (const children of [states, regions])
      if (children && typeof children === 'object') Object.values(children).forEach(walk);
  };
  walk(chunk.data.holidays[chunk.country]);
  return [...found];
}
