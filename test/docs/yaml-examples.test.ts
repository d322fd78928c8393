// Every workflow YAML a README shows is one a user may paste: each block parses, each use of
// an action or reusable workflow of this repository gives only inputs it declares and every
// required one, each `steps.<id>` and `needs.<job>` it reads exists where it is read (with
// the output the action declares), and no rollback that runs after a failure undoes a
// deployment its run did not make.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const readmes = [
  'README.md',
  '.github/workflows/README.md',
  ...readdirSync(join(root, 'actions')).map((a) => `actions/${a}/README.md`),
].filter((file) => existsSync(join(root, file)));

type Yaml = Record<string, unknown>;
interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
}
interface Declared {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
}

interface Example {
  where: string;
  /** A list of steps shown on its own: one job, whose other steps may be left out. */
  excerpt: boolean;
  jobs: Record<string, Job>;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of readmes) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [n, match] of [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].entries()) {
      const where = `${file} block ${n + 1}`;
      const doc = parse(match[1]) as unknown;
      if (Array.isArray(doc)) found.push({ where, excerpt: true, jobs: { job: { steps: doc } } });
      else if (doc && typeof doc === 'object' && 'jobs' in doc)
        found.push({ where, excerpt: false, jobs: (doc as { jobs: Record<string, Job> }).jobs });
    }
  }
  return found;
}

/** The action or reusable workflow of this repository a `uses:` names, if it names one. */
function ours(uses: string | undefined): { file: string; kind: 'action' | 'workflow' } | undefined {
  if (!uses) return undefined;
  const action = /^(?:\.|[^/]+\/safe-deploy)\/actions\/([a-z-]+)(?:@\S+)?$/.exec(uses);
  if (action) return { file: `actions/${action[1]}/action.yml`, kind: 'action' };
  const workflow = /^(?:\.|[^/]+\/safe-deploy)\/\.github\/workflows\/([a-z-]+\.yml)(?:@\S+)?$/.exec(
    uses,
  );
  if (workflow) return { file: `.github/workflows/${workflow[1]}`, kind: 'workflow' };
  return undefined;
}

function declared(target: { file: string; kind: 'action' | 'workflow' }): Declared {
  const doc = parse(readFileSync(join(root, target.file), 'utf8')) as Yaml;
  if (target.kind === 'action') {
    return {
      inputs: (doc.inputs ?? {}) as Declared['inputs'],
      outputs: (doc.outputs ?? {}) as Declared['outputs'],
    };
  }
  const call = ((doc.on ?? doc[true as unknown as string]) as Yaml).workflow_call as Yaml;
  return {
    inputs: (call.inputs ?? {}) as Declared['inputs'],
    outputs: (call.outputs ?? {}) as Declared['outputs'],
  };
}

/** What is wrong with the inputs given to `uses`. */
function inputProblems(where: string, uses: string, given: Record<string, unknown> = {}) {
  const target = ours(uses);
  if (!target) return [];
  if (!existsSync(join(root, target.file))) return [`${where}: ${uses} does not exist`];
  const { inputs } = declared(target);
  const problems = Object.keys(given)
    .filter((name) => !(name in inputs))
    .map((name) => `${where}: ${uses} has no input '${name}'`);
  for (const [name, spec] of Object.entries(inputs)) {
    if (spec.required && spec.default === undefined && !(name in given))
      problems.push(`${where}: ${uses} needs input '${name}'`);
  }
  return problems;
}

/** What is wrong with the `steps.*` and `needs.*` references of one job. */
function referenceProblems(where: string, name: string, job: Job, example: Example): string[] {
  const problems: string[] = [];
  const needs = new Set([job.needs ?? []].flat());
  const steps = job.steps ?? [];
  steps.forEach((step, index) => {
    const text = JSON.stringify(step);
    for (const [, jobName] of text.matchAll(/needs\.([A-Za-z0-9_-]+)\./g)) {
      if (example.excerpt || !needs.has(jobName))
        problems.push(`${where} job ${name}: reads needs.${jobName} without needs: ${jobName}`);
    }
    // A one-step excerpt shows a step of a longer job: the steps it reads are not shown.
    if (example.excerpt && steps.length === 1) return;
    for (const [, id, what, output] of text.matchAll(
      /steps\.([A-Za-z0-9_-]+)\.(outputs|outcome|conclusion)(?:\.([A-Za-z0-9_-]+))?/g,
    )) {
      const source = steps.slice(0, index).find((s) => s.id === id);
      if (!source) {
        problems.push(`${where} job ${name}: reads steps.${id}, no earlier step has id ${id}`);
        continue;
      }
      if (what !== 'outputs' || !output) continue;
      const target = ours(source.uses);
      const has = target
        ? output in declared(target).outputs
        : (source.run ?? '').includes(`${output}=`);
      if (!has) problems.push(`${where} job ${name}: step ${id} has no output '${output}'`);
    }
  });
  return problems;
}

const all = examples();

describe('the workflow examples in the READMEs', () => {
  it('are found, and each parses as YAML', () => {
    // Parsing happened above; a block that did not parse would have thrown.
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((e) => e.where.split(' block')[0])).size).toBe(readmes.length);
  });

  it.each(all.map((e) => [e.where, e] as const))(
    '%s gives this repository’s actions and workflows only declared inputs, and every required one',
    (where, example) => {
      const problems = Object.entries(example.jobs).flatMap(([name, job]) => [
        ...inputProblems(`${where} job ${name}`, job.uses ?? '', job.with),
        ...(job.steps ?? []).flatMap((step) =>
          inputProblems(`${where} job ${name}`, step.uses ?? '', step.with),
        ),
      ]);
      expect(problems).toEqual([]);
    },
  );

  it.each(all.map((e) => [e.where, e] as const))(
    '%s reads only steps and jobs that exist where it reads them',
    (where, example) => {
      const problems = Object.entries(example.jobs).flatMap(([name, job]) =>
        referenceProblems(where, name, job, example),
      );
      expect(problems).toEqual([]);
    },
  );

  it('pin third-party actions to a full SHA, and check out without keeping credentials', () => {
    const steps = all.flatMap((e) =>
      Object.values(e.jobs).flatMap((job) => (job.steps ?? []).map((s) => ({ where: e.where, s }))),
    );
    const thirdParty = steps.filter(({ s }) => s.uses && !ours(s.uses));
    expect(thirdParty.length).toBeGreaterThanOrEqual(6);
    expect(
      thirdParty
        .filter(({ s }) => !/@[0-9a-f]{40}$/.test(s.uses!))
        .map(({ where, s }) => `${where}: ${s.uses}`),
    ).toEqual([]);
    expect(
      steps
        .filter(({ s }) => s.uses?.startsWith('actions/checkout@'))
        .filter(({ s }) => s.with?.['persist-credentials'] !== false)
        .map(({ where }) => where),
    ).toEqual([]);
  });

  it('never undoes, after a failed step, a deployment the run did not make', () => {
    const afterFailure = all.flatMap((e) =>
      Object.values(e.jobs).flatMap((job) =>
        (job.steps ?? [])
          .filter((s) => ours(s.uses)?.file === 'actions/rollback/action.yml')
          .filter((s) => /failure\(\)|cancelled\(\)/.test(s.if ?? ''))
          .map((s) => ({ where: e.where, undo: s.with?.undo ?? 'this-run' })),
      ),
    );
    expect(afterFailure.length).toBeGreaterThanOrEqual(4);
    expect(afterFailure.filter((s) => s.undo !== 'this-run')).toEqual([]);
  });
});
