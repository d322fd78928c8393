// `npm run demo` is the first command a newcomer runs: it must keep working end to end.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/runner.js';

describe('npm run demo', () => {
  it('rolls the bad release back at its canary, takes the good one all the way, and saves the summaries', () => {
    const run = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/sim/demo/index.ts'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 150_000,
      },
    );
    const out = run.stdout;
    // The timeline is the evidence when this fails: show it.
    if (run.status !== 0) console.log(`${out}\n${run.stderr}`);
    expect(run.status).toBe(0);
    expect(out).toMatch(/release A: stopped at shift-traffic, rolled back/);
    expect(out).toMatch(/release B: went all the way/);
    expect(out).toMatch(/alias orders:live is on version 3 with no weights/);
    const folder = /job summaries: (\S+)\//.exec(out)?.[1];
    expect(folder).toBeDefined();
    const dir = join(REPO_ROOT, folder!);
    expect(existsSync(dir)).toBe(true);
    const files = readdirSync(dir);
    expect(files.some((f) => f.endsWith('-v2-shift-traffic.md'))).toBe(true);
    expect(files.some((f) => f.endsWith('-v3-bake-and-watch.md'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
