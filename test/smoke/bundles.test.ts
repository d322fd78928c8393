// Every committed bundle must load on the runner's Node: an ESM-only dependency built as
// CommonJS still bundles, exits 0 at build time and throws at load. Run with no inputs, a
// healthy bundle gets as far as reading its inputs and fails with a clean ::error:: line (or,
// when no input is required, runs to a clean end). The chunks ncc splits off load only with
// good inputs: a bad one is refused by the entry alone, and good ones load every chunk.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALLING_INPUTS,
  REFUSAL,
  type RefusingStandIn,
  startRefusingStandIn,
} from '../fixtures/refusing-stand-in.js';
import { readActionManifest } from '../harness/manifest.js';
import { OFFLINE_ENV, REPO_ROOT, runAction, type StepResult } from '../harness/runner.js';

/** Text of core's OIDC client and of @actions/exec, as .github/scripts/lazy-core.mjs has it. */
const OIDC_MARKER = 'actions/oidc-client';
const EXEC_MARKER = "Parameter 'toolPath' cannot be null or empty.";

// SMOKE_REPO_ROOT points the test at another checkout (a throwaway one with a test action).
const root = process.env.SMOKE_REPO_ROOT ?? REPO_ROOT;
const EXPECTED_ACTIONS = ['check-blockers', 'shift-traffic', 'bake-and-watch', 'rollback'];
const actionsDir = join(root, 'actions');
const actions = existsSync(actionsDir)
  ? readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'action.yml')))
  : [];

const LOAD_CRASHES = [
  /ERR_REQUIRE_ESM/,
  /ERR_PACKAGE_PATH_NOT_EXPORTED/,
  /ERR_MODULE_NOT_FOUND/,
  /Cannot find module/,
  /SyntaxError/,
  /Dynamic require/,
  /ReferenceError/,
  /TypeError/,
];
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/;

/** The log lines that betray a load crash, cut short: node echoes the minified source line. */
function crashLines(step: StepResult): string[] {
  return step.log
    .split('\n')
    .filter((line) => LOAD_CRASHES.some((crash) => crash.test(line)) || STACK_FRAME.test(line))
    .map((line) => (line.length > 160 ? `${line.slice(0, 160)}...` : line));
}

/** One bad value among good inputs, per action: refused before anything loads the SDK. */
const ONE_BAD_INPUT: Record<string, { inputs: Record<string, string>; bad: string }> = {
  'check-blockers': { inputs: { windows: 'whenever' }, bad: 'windows' },
  'shift-traffic': {
    inputs: { 'function-name': 'orders', alias: 'live', version: '$LATEST' },
    bad: 'version',
  },
  'bake-and-watch': {
    inputs: { 'function-name': 'orders', alias: 'live', period: '45s' },
    bad: 'period',
  },
  rollback: {
    inputs: { 'function-name': 'orders', alias: 'live', 'previous-version': 'v2' },
    bad: 'previous-version',
  },
};

/**
 * A copy of the repository holding only what the runner needs to start `action`: its
 * action.yml and the entry files of its bundles, without the chunks beside them.
 */
function entriesOnly(action: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'entries-only-'));
  mkdirSync(join(copy, 'actions', action), { recursive: true });
  cpSync(join(actionsDir, action, 'action.yml'), join(copy, 'actions', action, 'action.yml'));
  for (const dir of ['', 'post']) {
    const from = join(root, 'dist', action, dir);
    if (!existsSync(join(from, 'index.js'))) continue;
    mkdirSync(join(copy, 'dist', action, dir), { recursive: true });
    for (const file of ['index.js', 'package.json'])
      cpSync(join(from, file), join(copy, 'dist', action, dir, file));
  }
  return copy;
}

let standIn: RefusingStandIn;
beforeAll(async () => {
  standIn = await startRefusingStandIn();
});
afterAll(() => standIn.close());

describe('actions/', () => {
  it(`holds the suite's actions: ${EXPECTED_ACTIONS.join(', ')}`, () => {
    expect(actions).toEqual(expect.arrayContaining(EXPECTED_ACTIONS));
  });
});

for (const name of actions) {
  describe(`actions/${name}`, () => {
    const manifest = readActionManifest(join(actionsDir, name));
    const bundle = join(root, 'dist', name);
    const hasPostSource = existsSync(join(root, 'src', name, 'post.ts'));

    it('runs on node24', () => {
      expect(manifest.using).toBe('node24');
    });

    it('points main at its bundle in dist/', () => {
      expect(manifest.main).toBe(join(bundle, 'index.js'));
      expect(existsSync(manifest.main)).toBe(true);
    });

    it(`declares post exactly when src/${name}/post.ts exists, and its bundle is built`, () => {
      expect(manifest.post === undefined).toBe(!hasPostSource);
      if (manifest.post) {
        expect(manifest.post).toBe(join(bundle, 'post', 'index.js'));
        expect(existsSync(manifest.post)).toBe(true);
      }
    });

    it('ships licenses.txt with each bundle', () => {
      expect(existsSync(join(bundle, 'licenses.txt'))).toBe(true);
      if (manifest.post) expect(existsSync(join(bundle, 'post', 'licenses.txt'))).toBe(true);
    });

    // @actions/core's OIDC client pulls undici (~0.9 MB) into whatever imports it, and its
    // platform module @actions/exec; the build leaves them to chunks that only getIDToken and
    // platform.getDetails load (.github/scripts/lazy-core.mjs).
    it("keeps core's OIDC client, undici and @actions/exec out of the entry, in chunks", () => {
      for (const dir of manifest.post ? [bundle, join(bundle, 'post')] : [bundle]) {
        const text = (file: string) => readFileSync(join(dir, file), 'utf8');
        const chunks = readdirSync(dir).filter((f) => f !== 'index.js' && f.endsWith('.js'));
        for (const marker of [OIDC_MARKER, EXEC_MARKER]) {
          expect(text('index.js')).not.toContain(marker);
          expect(chunks.filter((f) => text(f).includes(marker))).toHaveLength(1);
        }
        expect(text('index.js')).not.toContain('undici');
      }
    });

    const required = Object.keys(manifest.inputs).filter(
      (input) => manifest.inputs[input].required,
    );
    const expectation = required.length
      ? `fails on a clean input error (required: ${required.join(', ')})`
      : 'succeeds or fails on a clean ::error:: (no input is required)';
    it(`loads, and with no inputs ${expectation}`, async () => {
      const result = await runAction({
        action: name,
        repoRoot: root,
        env: OFFLINE_ENV,
        timeoutMs: 30_000,
      });
      expect(crashLines(result)).toEqual([]);
      const errors = result.annotations.filter((a) => a.level === 'error');
      if (required.length > 0 || result.exitCode !== 0) {
        expect(result.exitCode).not.toBe(0);
        expect(errors.map((e) => e.message)).not.toEqual([]);
      }
      if (required.length > 0) expect(errors[0].message).toMatch(/input/i);
      if (result.post) expect(crashLines(result.post)).toEqual([]);
    });

    const oneBad = ONE_BAD_INPUT[name];
    if (oneBad) {
      it(`refuses a bad ${oneBad.bad} from its entry alone: no chunk (SDK, Octokit) is loaded for it`, async () => {
        const copy = entriesOnly(name);
        try {
          const result = await runAction({
            action: name,
            repoRoot: copy,
            inputs: oneBad.inputs,
            env: OFFLINE_ENV,
            timeoutMs: 30_000,
          });
          // A chunk it tried to load would be missing here: ERR_MODULE_NOT_FOUND, a crash.
          expect(crashLines(result)).toEqual([]);
          expect(result.exitCode).toBe(1);
          const errors = result.annotations.filter((a) => a.level === 'error');
          expect(errors[0]?.message).toContain(`Input '${oneBad.bad}'`);
          if (result.post) {
            expect(crashLines(result.post)).toEqual([]);
            expect(result.post.exitCode).toBe(0);
          }
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      });
    }

    if (name === 'check-blockers') {
      /**
       * A copy with the entry and, of the holiday files beside it, only `files`: a load of
       * any other would be missing, ERR_MODULE_NOT_FOUND. The run must answer all the same.
       */
      async function withHolidayFilesOnly(files: string[], holidays: string) {
        const copy = entriesOnly(name);
        const to = join(copy, 'dist', name, 'holidays');
        mkdirSync(to);
        for (const file of files) cpSync(join(bundle, 'holidays', file), join(to, file));
        try {
          const result = await runAction({
            action: name,
            repoRoot: copy,
            inputs: { holidays, 'fail-on-block': 'false' },
            env: OFFLINE_ENV,
            timeoutMs: 30_000,
          });
          expect(crashLines(result)).toEqual([]);
          expect(result.exitCode).toBe(0);
          expect(result.outputs.blocked).toMatch(/^(true|false)$/);
          return result;
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }

      it('with holidays: DE-BY, loads the holiday engine and DE alone, and answers', async () => {
        expect(readdirSync(join(bundle, 'holidays')).length).toBeGreaterThan(150);
        const result = await withHolidayFilesOnly(
          ['engine.js', 'index.js', 'DE.js'],
          'DE-BY, de-be',
        );
        expect(result.log).toMatch(/Public holidays: (pass|block) - .*DE-BY/);
        expect(result.log).toContain('public holidays in DE-BY, DE-BE');
      });

      it("with holidays: JP, loads the Earth's series beside JP's chunk, and answers", async () => {
        const files = ['engine.js', 'index.js', 'JP.js', 'earth.js'];
        const result = await withHolidayFilesOnly(files, 'JP');
        expect(result.log).toMatch(/Public holidays: (pass|block) - .*JP/);
      });

      it('with holidays: DE-ZZ, refuses the state naming the input and the form', async () => {
        const result = await runAction({
          action: name,
          repoRoot: root,
          inputs: { holidays: 'DE-ZZ' },
          env: OFFLINE_ENV,
          timeoutMs: 30_000,
        });
        expect(crashLines(result)).toEqual([]);
        expect(result.exitCode).toBe(1);
        const errors = result.annotations.filter((a) => a.level === 'error');
        expect(errors[0]?.message).toMatch(
          /Input 'holidays'.*country codes with an optional state.*'ZZ' is not a known state of DE/,
        );
      });
    }

    const calling = CALLING_INPUTS[name];
    if (calling) {
      it('loads its lazily imported chunks once the inputs are good, and reaches AWS', async () => {
        const result = await runAction({
          action: name,
          repoRoot: root,
          inputs: calling,
          env: { ...OFFLINE_ENV, AWS_ENDPOINT_URL: standIn.url, GITHUB_API_URL: standIn.url },
          timeoutMs: 30_000,
        });
        expect(crashLines(result)).toEqual([]);
        // The refusals can only come back through the SDK, and through Octokit given a token.
        expect(result.log).toContain(`AWS ${REFUSAL}`);
        if (calling['github-token']) expect(result.log).toContain(`GitHub ${REFUSAL}`);
        expect(result.exitCode).not.toBe(0);
        if (result.post) expect(crashLines(result.post)).toEqual([]);
      });
    }
  });
}
