// What a caller reads from a wave: one JSON output by region (version, verdict, rolled-back,
// outcome), and regions already promoted put back when another region of the wave fails.
// The scripts of deploy-wave.yml's result steps are run here with bash and jq as the runner
// runs them, on the files the artifact download leaves.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const wave = parse(readFileSync(join(ROOT, '.github/workflows/deploy-wave.yml'), 'utf8')) as Yaml;
const jobs = wave.jobs as Record<string, Yaml>;
const step = (job: string, name: string): Yaml =>
  (jobs[job].steps as Yaml[]).find((s) => s.name === name)!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wave-results-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a step's script as the runner would: bash -e, its env, a temp dir and an output file. */
function runStep(script: string, env: Record<string, string>): Record<string, string> {
  const output = join(dir, 'github_output');
  writeFileSync(output, '');
  execFileSync('bash', ['-e', '-c', script], {
    cwd: dir,
    env: { PATH: process.env.PATH, RUNNER_TEMP: join(dir, 'temp'), GITHUB_OUTPUT: output, ...env },
  });
  return Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A region's deploy leg records its result; the artifact download puts it in results/<name>/. */
function deployLeg(region: string, env: Record<string, string>, environment = 'production-wave-1') {
  runStep(step('deploy', 'Record the result').run, {
    ENVIRONMENT: environment,
    REGION: region,
    VERSION: '',
    VERDICT: '',
    SHIFT_STATUS: '',
    BAKE_ROLLED_BACK: '',
    ROLLBACK_CHANGED: '',
    OUTCOME: 'success',
    ...env,
  });
  const into = join(dir, 'results', `safe-deploy-result_${environment}_${region}`);
  mkdirSync(into, { recursive: true });
  writeFileSync(
    join(into, 'deploy.json'),
    readFileSync(join(dir, 'temp/safe-deploy-result/deploy.json')),
  );
}

function rollbackLeg(region: string, changed: string) {
  runStep(step('roll-back-promoted', 'Record the result').run, {
    ENVIRONMENT: 'production-wave-1',
    REGION: region,
    CHANGED: changed,
  });
  const into = join(dir, 'results', `safe-deploy-rollback_production-wave-1_${region}`);
  mkdirSync(into, { recursive: true });
  writeFileSync(
    join(into, 'rollback.json'),
    readFileSync(join(dir, 'temp/safe-deploy-result/rollback.json')),
  );
}

const merge = (): unknown =>
  JSON.parse(
    runStep(step('results', 'Merge').run, { ENVIRONMENT: 'production-wave-1' }).results ?? 'null',
  );

describe('deploy-wave.yml outputs', () => {
  it('declares results, wired from the results job that runs however the wave ended', () => {
    expect(wave.on.workflow_call.outputs.results.value).toBe('${{ jobs.results.outputs.results }}');
    expect(jobs.results.outputs.results).toBe('${{ steps.merge.outputs.results }}');
    expect(jobs.results.if).toBe('always()');
    expect(jobs.results.needs).toEqual(['deploy', 'roll-back-promoted']);
    expect(step('deploy', 'Record the result').if).toBe('always()');
    expect(step('deploy', 'Upload the result').if).toBe('always()');
  });

  it('gives each region its version, verdict, outcome and whether it was rolled back', () => {
    deployLeg('us-west-2', { VERSION: '7', VERDICT: 'pass', SHIFT_STATUS: 'succeeded' });
    deployLeg('eu-central-1', {
      VERSION: '5',
      VERDICT: 'fail',
      SHIFT_STATUS: 'succeeded',
      BAKE_ROLLED_BACK: 'true',
      OUTCOME: 'failure',
    });
    rollbackLeg('us-west-2', 'true');
    rollbackLeg('eu-central-1', 'false');

    expect(merge()).toEqual({
      'us-west-2': { version: '7', verdict: 'pass', 'rolled-back': true, outcome: 'success' },
      'eu-central-1': { version: '5', verdict: 'fail', 'rolled-back': true, outcome: 'failure' },
    });
  });

  it('counts a shift that restored, or the rollback step, as rolled back', () => {
    deployLeg('us-west-2', { VERSION: '7', SHIFT_STATUS: 'rolled-back', OUTCOME: 'failure' });
    deployLeg('eu-west-1', { VERSION: '7', ROLLBACK_CHANGED: 'true', OUTCOME: 'cancelled' });
    expect(merge()).toMatchObject({
      'us-west-2': { 'rolled-back': true, verdict: '' },
      'eu-west-1': { 'rolled-back': true, outcome: 'cancelled' },
    });
  });

  it('ignores the results of another environment whose name the pattern also matches', () => {
    deployLeg('us-west-2', { VERSION: '7', VERDICT: 'pass' });
    deployLeg('us-west-2', { VERSION: '9', VERDICT: 'fail' }, 'production-wave-1_canary');
    expect(merge()).toEqual({
      'us-west-2': { version: '7', verdict: 'pass', 'rolled-back': false, outcome: 'success' },
    });
  });

  it('is an empty object when no region got as far as its result', () => {
    expect(merge()).toEqual({});
  });

  it('keeps hostile text a value: a region name cannot inject into the script or the output', () => {
    deployLeg('us-west-2', { VERSION: '7', VERDICT: '$(touch pwned)"\n::error::x' });
    const out = merge() as Record<string, { verdict: string }>;
    expect(out['us-west-2'].verdict).toBe('$(touch pwned)"\n::error::x');
    expect(() => readFileSync(join(dir, 'pwned'))).toThrow();
  });
});

describe('regions already promoted when another region fails', () => {
  const job = jobs['roll-back-promoted'];

  it('are rolled back by default, or left with promoted-on-failure: leave', () => {
    expect(wave.on.workflow_call.inputs['promoted-on-failure'].default).toBe('rollback');
    expect(job.if).toBe("failure() && inputs.promoted-on-failure == 'rollback'");
    expect(job.needs).toBe('deploy');
    expect(job.strategy.matrix.region).toBe('${{ fromJSON(inputs.regions) }}');
    expect(job.strategy['fail-fast']).toBe(false);
  });

  it('undo only what this run deployed, in the wave’s environment', () => {
    const rollback = (job.steps as Yaml[]).find((s) => s.id === 'rollback')!;
    expect(rollback.uses).toBe('./.safe-deploy/actions/rollback');
    expect(rollback.with.undo).toBeUndefined();
    expect(job.environment).toBe('${{ inputs.environment }}');
  });

  it('the staged pipeline passes the choice to every wave', () => {
    const staged = parse(
      readFileSync(join(ROOT, '.github/workflows/staged-deploy.yml'), 'utf8'),
    ) as Yaml;
    expect(staged.on.workflow_call.inputs['promoted-on-failure'].default).toBe('rollback');
    for (const wave of Object.values(staged.jobs as Record<string, Yaml>))
      expect(wave.with['promoted-on-failure']).toBe('${{ inputs.promoted-on-failure }}');
  });
});
