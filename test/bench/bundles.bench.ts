// Each bundle in dist/: its size against 1.5 MB and its cold start (spawn to first line of
// output, median of 10) against 2.5x a bare `node -e 0` (spawn to exit), the two measured in
// turn in the same loop so that a busy machine slows both alike.
// The SDK and Octokit load after the inputs are checked and the first line is out, so the
// bench also prints what a real run pays before its first AWS request, with good inputs
// against a stand-in that refuses every call (no target: a figure for the record).
// Last, check-blockers with the holidays input: the code it reads and its peak RSS.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CALLING_INPUTS,
  type RefusingStandIn,
  startRefusingStandIn,
} from '../fixtures/refusing-stand-in.js';
import { readActionManifest } from '../harness/manifest.js';
import { OFFLINE_ENV, REPO_ROOT, runAction } from '../harness/runner.js';
import { StepProcess } from '../harness/step-process.js';
import { median, printTable } from './table.js';

const SIZE_TARGET_BYTES = 1_500_000; // MB here is 10^6 bytes
/** Spawn to first line, as a multiple of a bare `node -e 0` measured alongside it. */
const COLD_START_TARGET_RATIO = 2.5;
const RUNS = 10;
const HOLIDAY_READ_TARGET_BYTES = 1_500_000;
const HOLIDAY_RSS_TARGET_MIB = 60;

// BENCH_DIST measures another build (say, a branch's) without touching this tree's dist/.
const dist = process.env.BENCH_DIST ?? join(REPO_ROOT, 'dist');

/** dist/<action>/index.js and dist/<action>/post/index.js, as the build writes them. */
function bundles(): string[] {
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .flatMap((name) => [join(dist, name, 'index.js'), join(dist, name, 'post', 'index.js')])
    .filter((entry) => existsSync(entry));
}

/**
 * The entry, which every run loads, and the chunks ncc emitted beside it for dynamic
 * imports, which load only when a run needs them (check-blockers' holiday data).
 */
function bundleBytes(entry: string): { entry: number; lazy: number } {
  const dir = join(entry, '..');
  const lazy = readdirSync(dir)
    .map((file) => join(dir, file))
    .filter((path) => path !== entry && path.endsWith('.js') && statSync(path).isFile())
    .reduce((sum, path) => sum + statSync(path).size, 0);
  return { entry: statSync(entry).size, lazy };
}

/** Median spawn-to-first-line of the bundle and of a bare node, run in turn (paired). */
async function coldStartMs(entry: string): Promise<{ bundle: number; floor: number } | undefined> {
  const times: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(await bareNodeMs());
    // No inputs: the bundle loads, reads its first input and says so, without any network.
    // The same bare environment as the node floor plus the runner's variables: this machine's
    // NODE_EXTRA_CA_CERTS alone adds ~90 ms to every node start, which a runner does not pay.
    const result = await runAction({
      entry,
      env: { ...OFFLINE_ENV, PATH: process.env.PATH ?? '' },
      inheritEnv: false,
      timeoutMs: 30_000,
    });
    if (result.firstOutputMs === null) return undefined;
    times.push(result.firstOutputMs);
  }
  return { bundle: median(times), floor: median(floors) };
}

/** Spawn to the first AWS request a run with good inputs makes; main entries only. */
async function firstRequestMs(
  entry: string,
  standIn: RefusingStandIn,
): Promise<number | undefined> {
  const action = basename(join(entry, '..'));
  if (!CALLING_INPUTS[action]) return undefined;
  // Run by its path (BENCH_DIST may be another build), so action.yml's defaults come from here.
  const manifest = readActionManifest(join(REPO_ROOT, 'actions', action));
  const defaults = Object.entries(manifest.inputs).flatMap(([name, spec]) =>
    spec.default === undefined || spec.default.includes('${{') ? [] : [[name, spec.default]],
  );
  const inputs = { ...Object.fromEntries(defaults), ...CALLING_INPUTS[action] };
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    standIn.reset();
    let firstLineAt: number | undefined;
    const result = await runAction({
      entry,
      inputs,
      env: {
        ...OFFLINE_ENV,
        AWS_ENDPOINT_URL: standIn.url,
        GITHUB_API_URL: standIn.url,
        PATH: process.env.PATH ?? '',
      },
      inheritEnv: false,
      timeoutMs: 30_000,
      onLine: () => (firstLineAt ??= performance.now()),
    });
    const request = standIn.firstAwsRequestAt();
    if (request === undefined || firstLineAt === undefined || result.firstOutputMs === null)
      return undefined;
    // The first line arrived firstOutputMs after the spawn: that dates the spawn on this clock.
    times.push(request - (firstLineAt - result.firstOutputMs));
  }
  return median(times);
}

async function bareNodeMs(): Promise<number> {
  const proc = new StepProcess({
    node: process.execPath,
    args: ['-e', '0'],
    env: { PATH: process.env.PATH ?? '' },
    cwd: REPO_ROOT,
  });
  return (await proc.done).exitedAtMs;
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

export default async function bench(): Promise<void> {
  const entries = bundles();
  if (entries.length === 0) {
    console.log('no bundles in dist/: run npm run build first');
    return;
  }
  const rows: (string | number)[][] = [];
  const standIn = await startRefusingStandIn();
  for (const entry of entries) {
    const { entry: bytes, lazy } = bundleBytes(entry);
    const cold = await coldStartMs(entry);
    const request = await firstRequestMs(entry, standIn);
    rows.push([
      relative(join(dist, '..'), entry),
      bytes,
      (bytes / 1e6).toFixed(2),
      lazy ? lazy : '-',
      verdict(bytes <= SIZE_TARGET_BYTES),
      cold === undefined ? 'no output' : Math.round(cold.bundle),
      cold === undefined ? '-' : Math.round(cold.floor),
      cold === undefined ? '-' : `${(cold.bundle / cold.floor).toFixed(2)}x`,
      cold === undefined ? 'MISS' : verdict(cold.bundle <= COLD_START_TARGET_RATIO * cold.floor),
      request === undefined ? '-' : Math.round(request),
    ]);
  }
  await standIn.close();
  printTable(
    [
      'bundle',
      'bytes loaded at start',
      'MB',
      'lazy chunk bytes',
      `<= ${SIZE_TARGET_BYTES / 1e6} MB`,
      'cold start ms (median)',
      'node -e 0 ms (paired)',
      'ratio',
      `<= ${COLD_START_TARGET_RATIO}x`,
      'first AWS request ms (median)',
    ],
    rows,
  );
  console.log(
    `\ncold start: spawn to first line of output, median of ${RUNS} runs, node ${process.version}` +
      '\nfirst AWS request: spawn to the first call a run with good inputs makes, SDK loaded by then',
  );
  await holidayFootprint();
}

/**
 * check-blockers with the holidays input, three times: DE-BY alone (nothing else to load);
 * DE-BY with a token, as a run gets by default (github-token defaults to the job's token and
 * blocking-labels to deploy-blocker), so Octokit loads for the issue check; and the calling
 * inputs (holidays: DE with alarms, an alias and a token, so the SDK and Octokit load too).
 * All against the refusing stand-in.
 *
 * Bytes read: the process runs once under `strace -f -e trace=openat`, which sees every file it
 * opens, whoever opens it (node's ESM loader for the entry and chunks, fs for data files); the
 * figure is the sum of the sizes of the .js and .json files under dist/check-blockers it opened
 * successfully. Each is read whole, so that is what the run read of our code. Without strace on
 * the machine the column says so.
 *
 * Peak RSS: getrusage's ru_maxrss of the process, written at exit by a 10-line module that
 * NODE_OPTIONS=--import preloads (it loads nothing else), median of the runs.
 *
 * Checks line: spawn to the line that says what will be checked, printed once every input is
 * read (the holidays loaded), median of the runs, without either probe. The first line of
 * output comes earlier (add-mask), before any holiday code.
 */
export async function holidayFootprint(): Promise<void> {
  const entry = join(dist, 'check-blockers', 'index.js');
  if (!existsSync(entry)) return;
  const manifest = readActionManifest(join(REPO_ROOT, 'actions', 'check-blockers'));
  const defaults = Object.fromEntries(
    Object.entries(manifest.inputs).flatMap(([name, spec]) =>
      spec.default === undefined || spec.default.includes('${{') ? [] : [[name, spec.default]],
    ),
  );
  const scratch = mkdtempSync(join(tmpdir(), 'holiday-footprint-'));
  const probe = join(scratch, 'max-rss.mjs');
  writeFileSync(
    probe,
    [
      "import { writeFileSync } from 'node:fs';",
      "process.on('exit', () => {",
      '  const file = process.env.MAX_RSS_FILE;',
      '  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));',
      '});',
      '',
    ].join('\n'),
  );
  const strace = findStrace();
  const wrapper = join(scratch, 'node-under-strace');
  writeFileSync(
    wrapper,
    // bash, not sh: dash drops INPUT_FUNCTION-NAME and the like from the environment.
    `#!/usr/bin/env bash\nexec ${strace} -f -qq -e trace=openat -o "$STRACE_FILE" "${process.execPath}" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const standIn = await startRefusingStandIn();
  const scenarios: [string, Record<string, string>][] = [
    ['holidays: DE-BY alone', { holidays: 'DE-BY' }],
    [
      'DE-BY and the default issue check (Octokit)',
      { holidays: 'DE-BY', 'github-token': 'ghs_stand_in' },
    ],
    ['calling inputs (holidays: DE, SDK, Octokit)', CALLING_INPUTS['check-blockers']],
  ];
  const rows: (string | number)[][] = [];
  const loaded: string[] = [];
  try {
    for (const [label, given] of scenarios) {
      const inputs = { ...defaults, ...given };
      const env = {
        ...OFFLINE_ENV,
        AWS_ENDPOINT_URL: standIn.url,
        GITHUB_API_URL: standIn.url,
        PATH: process.env.PATH ?? '',
      };
      const run = (extra: Record<string, string>, node?: string, onLine?: (line: string) => void) =>
        runAction({ entry, inputs, env: { ...env, ...extra }, inheritEnv: false, node, onLine });
      const firstLines: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        standIn.reset();
        let firstAt: number | undefined;
        let checksAt: number | undefined;
        const plain = await run({}, undefined, (line) => {
          firstAt ??= performance.now();
          if (line.startsWith('Checking for deploy blockers')) checksAt ??= performance.now();
        });
        // The first line dates the spawn (firstOutputMs after it) on this clock.
        if (plain.firstOutputMs !== null && firstAt !== undefined && checksAt !== undefined)
          firstLines.push(checksAt - (firstAt - plain.firstOutputMs));
        const rssFile = join(scratch, `rss-${i}`);
        await run({ NODE_OPTIONS: `--import=${probe}`, MAX_RSS_FILE: rssFile });
        if (existsSync(rssFile)) rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
      }
      let bytes: number | undefined;
      if (strace) {
        const traceFile = join(scratch, 'trace');
        await run({ STRACE_FILE: traceFile }, wrapper);
        const files = openedDistFiles(readFileSync(traceFile, 'utf8'), join(entry, '..'));
        bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
        loaded.push(`${label}: ${files.map((f) => basename(f)).join(', ')}`);
      }
      rows.push([
        label,
        bytes ?? 'no strace',
        bytes === undefined ? '-' : (bytes / 1e6).toFixed(2),
        bytes === undefined ? '-' : verdict(bytes <= HOLIDAY_READ_TARGET_BYTES),
        rss.length ? Number(median(rss).toFixed(1)) : '-',
        rss.length ? verdict(median(rss) <= HOLIDAY_RSS_TARGET_MIB) : '-',
        firstLines.length ? Math.round(median(firstLines)) : 'no output',
      ]);
    }
  } finally {
    await standIn.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('\n### check-blockers with holidays\n');
  printTable(
    [
      'run',
      'bytes read (entry + chunks)',
      'MB',
      `<= ${HOLIDAY_READ_TARGET_BYTES / 1e6} MB`,
      'peak RSS MiB (median)',
      `<= ${HOLIDAY_RSS_TARGET_MIB} MiB`,
      'checks line ms (median)',
    ],
    rows,
  );
  console.log(
    `\nbytes read: .js/.json files under dist/check-blockers the process opened (strace openat), summed` +
      `\npeak RSS: ru_maxrss at exit, median of ${RUNS} runs; checks line: spawn to 'Checking for deploy blockers', median of ${RUNS} runs` +
      (loaded.length ? `\nfiles opened:\n  ${loaded.join('\n  ')}` : ''),
  );
}

function findStrace(): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v strace'], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * The .js and .json files under `dir` (package.json aside: no code) that a strace openat log
 * shows opened. Threads opening at once split a call over an `<unfinished ...>` line and a
 * `resumed` one, so the path is taken from the call and the file must exist: a failed open
 * is of a file that is not there.
 */
function openedDistFiles(trace: string, dir: string): string[] {
  const opened = new Set<string>();
  for (const match of trace.matchAll(/openat\([^,]+, "([^"]+)"/g)) {
    const file = resolve(match[1]);
    if (!file.startsWith(`${dir}/`) || !/\.(js|json)$/.test(file)) continue;
    if (!file.endsWith('/package.json') && existsSync(file)) opened.add(file);
  }
  return [...opened].sort();
}
