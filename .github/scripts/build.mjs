// Bundles every action entry point with ncc: src/<action>/index.ts -> dist/<action>/index.js,
// and src/<action>/post.ts -> dist/<action>/post/index.js where the action has a post step.
// The list comes from actions/*/action.yml so a new action cannot be forgotten. Chunks ncc
// emits beside an entry are minified here (see minifyChunks). @actions/core's OIDC client
// (and undici with it) is kept out of the entries (see lazy-core.mjs). check-blockers' holiday
// engine and per-country data are built here too, into dist/check-blockers/holidays/ (see
// buildHolidays).
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { build, transform } from 'esbuild';
import { trimZones } from './holiday-zones.mjs';
import { EXEC_MARKER, OIDC_MARKER, prepareLazyCore } from './lazy-core.mjs';

const root = new URL('../..', import.meta.url).pathname;
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
const only = process.argv.slice(2);
// Ignored by git; rewritten by every build.
const scratch = join(root, '.build', 'lazy-core');
rmSync(scratch, { recursive: true, force: true });
const nccEnv = { ...process.env, TS_NODE_PROJECT: prepareLazyCore(root, scratch) };

for (const action of actions) {
  if (only.length > 0 && !only.includes(action)) continue;
  const entries = [['index.ts', join('dist', action)]];
  if (existsSync(join(root, 'src', action, 'post.ts')))
    entries.push(['post.ts', join('dist', action, 'post')]);
  rmSync(join(root, 'dist', action), { recursive: true, force: true });
  for (const [file, out] of entries) {
    // -t: tsc --noEmit type-checks once for the whole tree; ncc only transpiles.
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        join('src', action, file),
        '-o',
        out,
        '-m',
        '-t',
        '-q',
        '--license',
        'licenses.txt',
      ],
      { cwd: root, stdio: 'inherit', env: nccEnv },
    );
    const entry = readFileSync(join(root, out, 'index.js'), 'utf8');
    if (entry.includes(OIDC_MARKER) || entry.includes(EXEC_MARKER))
      throw new Error(`${out}/index.js holds core's OIDC client or exec: ncc did not use the copy`);
    await minifyChunks(join(root, out));
  }
  if (action === 'check-blockers') await buildHolidays(join(root, 'dist', action));
  console.log(`built dist/${action}`);
}
rmSync(scratch, { recursive: true, force: true });

/**
 * ncc minifies the entry only; the chunks it emits for `await import()` (the AWS SDK,
 * Octokit, holiday data) stay as webpack wrote them, twice the size to read and parse.
 * Minified the way ncc minifies the entry: whitespace and local names, function and class
 * names kept (errors and SDK classes are told apart by name), nothing else rewritten.
 */
async function minifyChunks(dir) {
  for (const file of readdirSync(dir)) {
    if (file === 'index.js' || !file.endsWith('.js')) continue;
    const path = join(dir, file);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      format: 'esm',
      target: 'node20',
      minifyWhitespace: true,
      minifyIdentifiers: true,
      keepNames: true,
    });
    writeFileSync(path, code);
  }
}

/**
 * date-holidays' data holds every country's rules and its parser moment-timezone's every zone,
 * ~1.5 MB that a run needing one country read in full. Written beside the bundle instead, for
 * src/check-blockers/holiday-files.ts to import natively:
 * - holidays/engine.js: src/check-blockers/holiday-engine.ts, the parser date-holidays is built
 *   on (resolved from date-holidays, as it resolves it) with moment-timezone's core file in
 *   place of its index, which loads data/packed/latest.json;
 * - holidays/<CC>.js: one country's chunk, split from date-holidays' own data and
 *   moment-timezone's own zones (of ZONE_YEARS) by core/blockers/holiday-chunks.ts (the tests
 *   split the same, from every year);
 * - holidays/index.js: the country codes, to check the input against;
 * - holidays/earth.js: astronomia's Earth series, which the engine goes without (see
 *   src/check-blockers/earth.ts).
 */
async function buildHolidays(dir) {
  const out = join(dir, 'holidays');
  mkdirSync(out, { recursive: true });
  const fromHolidays = createRequire(join(root, 'node_modules/date-holidays/package.json'));
  const parserDir = dirname(fromHolidays.resolve('date-holidays-parser/package.json'));
  // The engine imports it from src/: the copy date-holidays resolves, or the engine would not
  // be date-holidays' parser.
  const fromSrc = createRequire(join(root, 'src/check-blockers/holiday-engine.ts'));
  if (dirname(fromSrc.resolve('date-holidays-parser/package.json')) !== parserDir)
    throw new Error(`src/ and date-holidays resolve different date-holidays-parsers`);
  const fromParser = createRequire(join(parserDir, 'package.json'));
  const timezoneDir = dirname(fromParser.resolve('moment-timezone/package.json'));
  const { data } = await import(fromHolidays.resolve('date-holidays/data'));
  const zones = trimZones(
    JSON.parse(readFileSync(join(timezoneDir, 'data/packed/latest.json'), 'utf8')),
    timezoneDir,
  );
  const { countryChunk } = await importTs(join(root, 'src/core/blockers/holiday-chunks.ts'));
  const countries = Object.keys(data.holidays).sort();
  for (const country of countries) {
    const chunk = countryChunk(data, zones, country);
    // JSON.parse of a string literal: parsed faster than the same object as JavaScript.
    const text = JSON.stringify(JSON.stringify(chunk));
    writeFileSync(join(out, `${country}.js`), `export default JSON.parse(${text});\n`);
  }
  writeFileSync(join(out, 'index.js'), `export const countries = ${JSON.stringify(countries)};\n`);
  // The parser's astronomia, as it resolves it: the series the engine goes without.
  const astronomiaDir = dirname(fromParser.resolve('astronomia/package.json'));
  const earthData = join(astronomiaDir, 'data/vsop87Bearth.js');
  const { L, B, R } = (await import(earthData)).default;
  writeFileSync(
    join(out, 'earth.js'),
    `export default JSON.parse(${JSON.stringify(JSON.stringify({ L, B, R }))});\n`,
  );
  const { metafile } = await build({
    entryPoints: [join(root, 'src/check-blockers/holiday-engine.ts')],
    outfile: join(out, 'engine.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    metafile: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    alias: {
      'moment-timezone': join(timezoneDir, 'moment-timezone.js'),
      // Filled from holidays/earth.js when a country's rules need it (src/check-blockers/earth.ts).
      'astronomia/data/vsop87Bearth': join(root, 'src/check-blockers/earth.ts'),
    },
    plugins: [pureAstronomia()],
  });
  appendLicenses(join(dir, 'licenses.txt'), metafile, fromHolidays);
}

/**
 * The parser imports three functions from astronomia's index, which re-exports all of
 * astronomia (planet tables included, ~0.15 MB): its modules only define functions and
 * tables, so marked free of side effects, the unused ones are left out.
 */
function pureAstronomia() {
  return {
    name: 'pure-astronomia',
    setup: (builder) => {
      builder.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.resolved) return undefined;
        const result = await builder.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolved: true },
        });
        if (result.errors.length > 0) return result;
        const pure = result.path.includes(`${sep}node_modules${sep}astronomia${sep}`);
        return pure ? { ...result, sideEffects: false } : result;
      });
    },
  };
}

/** A TypeScript module of this repository, bundled on the fly and imported. */
async function importTs(path) {
  const { outputFiles } = await build({
    entryPoints: [path],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  return import(`data:text/javascript,${encodeURIComponent(outputFiles[0].text)}`);
}

/** ncc's licenses.txt lists what it bundled; the engine's packages and the data join it. */
function appendLicenses(file, metafile, fromHolidays) {
  const packages = new Set([dirname(fromHolidays.resolve('date-holidays/package.json'))]);
  for (const input of Object.keys(metafile.inputs)) {
    const path = join(root, input);
    const at = path.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) continue;
    const rest = path.slice(at + 14).split(sep);
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    packages.add(join(path.slice(0, at + 14), name));
  }
  const entries = [...packages].map((pkgDir) => {
    const { name, license } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(pkgDir).find((f) => /^(license|licence|copying)/i.test(f));
    const text = licenseFile ? readFileSync(join(pkgDir, licenseFile), 'utf8').trim() : '';
    return `${name}\n${license ?? ''}\n${text}\n`;
  });
  entries.sort();
  appendFileSync(file, `\n${entries.join('\n')}`);
}
