// `npm run bench [-- <filter>]`: runs every test/bench/*.bench.ts whose name contains the
// filter. Each module's default export prints its own figures; a miss against a target is a
// figure, not a failure, so only a bench that crashes makes the exit code non-zero.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
  .sort();

if (benches.length === 0) {
  console.error(`no bench in test/bench matches '${filter}'`);
  process.exit(1);
}

let crashed = 0;
for (const file of benches) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}\n`);
  try {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    if (typeof module.default !== 'function') throw new Error('no default export to run');
    await (module.default as () => Promise<void>)();
  } catch (error) {
    crashed++;
    console.error(
      `${file} crashed: ${error instanceof Error ? (error.stack ?? error.message) : error}`,
    );
  }
}
process.exitCode = crashed > 0 ? 1 : 0;
