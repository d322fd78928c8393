// Every workflow in .github/workflows is checked by GitHub's
// own parser, and every step that uses an action of this repository is checked against
// that action's action.yml, so a renamed input fails here rather than in a release.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, '.github/workflows');
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const workflow = (file: string): Yaml => parse(read(`.github/workflows/${file}`));

/** GitHub's parser and converter, loading this repository's reusable workflows. */
async function parserErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) {
    await convertWorkflowTemplate(
      result.context,
      result.value,
      { getFileContent: async (ref) => ({ name: ref.path, content: read(ref.path) }) },
      { fetchReusableWorkflowDepth: 1 },
    );
  }
  return result.context.errors.getErrors().map((e) => e.message);
}

/**
 * The folder of this repository's action a step uses: `./actions/x` in ci.yml, which checks
 * this repository out at its root, or `./.safe-deploy/actions/x` in a reusable workflow,
 * which checks it out there (cross-repo.test.ts proves that).
 */
function ownAction(uses: unknown): string | undefined {
  return /^\.\/(?:\.safe-deploy\/)?(actions\/[a-z-]+)$/.exec(String(uses ?? ''))?.[1];
}

interface StepRef {
  file: string;
  job: string;
  step: Yaml;
}

function steps(file: string): StepRef[] {
  const jobs = workflow(file).jobs as Record<string, Yaml>;
  return Object.entries(jobs).flatMap(([job, spec]) =>
    ((spec.steps ?? []) as Yaml[]).map((step) => ({ file, job, step })),
  );
}

/** Problems with the `with:` of a call to an action or reusable workflow of this repository. */
function inputProblems(
  where: string,
  declared: Record<string, Yaml | null>,
  given: Record<string, unknown>,
  required: (spec: Yaml | null) => boolean,
): string[] {
  const problems = Object.keys(given)
    .filter((name) => !(name in declared))
    .map((name) => `${where}: input '${name}' is not declared`);
  for (const [name, spec] of Object.entries(declared)) {
    if (required(spec) && !(name in given))
      problems.push(`${where}: required input '${name}' missing`);
  }
  return problems;
}

describe('workflows', () => {
  it('include the four the guide describes', () => {
    expect(FILES.sort()).toEqual(
      expect.arrayContaining([
        'deploy-wave.yml',
        'emergency-deploy.yml',
        'rollback.yml',
        'staged-deploy.yml',
      ]),
    );
  });

  it.each(FILES)('%s passes GitHub’s workflow parser', async (file) => {
    expect(await parserErrors(file, read(`.github/workflows/${file}`))).toEqual([]);
  });

  it('the parser check can fail: it rejects a matrix in a workflow-level concurrency group', async () => {
    const broken = [
      'on: push',
      'concurrency: { group: "x-${{ matrix.region }}" }',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: echo }]',
    ].join('\n');
    expect((await parserErrors('broken.yml', broken)).join('\n')).toMatch(/matrix/);
  });

  it.each(FILES.flatMap(steps).filter((s) => ownAction(s.step.uses)))(
    '$file $job uses $step.uses with the inputs its action.yml declares',
    ({ file, job, step }) => {
      const manifest = join(ROOT, ownAction(step.uses)!, 'action.yml');
      expect(existsSync(manifest) ? '' : `${step.uses}/action.yml does not exist`).toBe('');
      const declared = (parse(readFileSync(manifest, 'utf8')).inputs ?? {}) as Record<string, Yaml>;
      const problems = inputProblems(
        `${file} ${job} ${step.uses}`,
        declared,
        step.with ?? {},
        (spec) => spec?.required === true && spec.default === undefined,
      );
      expect(problems).toEqual([]);
    },
  );

  it.each(
    FILES.flatMap((file) =>
      Object.entries(workflow(file).jobs as Record<string, Yaml>)
        .filter(([, spec]) => String(spec.uses ?? '').startsWith('./.github/workflows/'))
        .map(([job, spec]) => ({ file, job, spec })),
    ),
  )('$file job $job calls $spec.uses with inputs it declares', ({ file, job, spec }) => {
    const called = parse(read(spec.uses)).on.workflow_call.inputs as Record<string, Yaml>;
    const problems = inputProblems(
      `${file} ${job}`,
      called,
      spec.with ?? {},
      (input) => input?.required === true,
    );
    expect(problems).toEqual([]);
  });
});

describe('deploy-wave.yml, the job every deployment runs', () => {
  const job = workflow('deploy-wave.yml').jobs.deploy as Yaml;
  const uses = (job.steps as Yaml[]).map((s) => ownAction(s.uses) ?? String(s.uses ?? 'run'));

  it('runs in the wave’s environment, one deployment per environment, function, alias and region, never cancelling', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(job.concurrency.group).toContain('${{ inputs.environment }}');
    expect(job.concurrency.group).toContain('${{ inputs.function-name }}');
    expect(job.concurrency.group).toContain('${{ inputs.alias }}');
    expect(job.concurrency.group).toContain('${{ matrix.region }}');
    expect(job.concurrency['cancel-in-progress']).toBe(false);
  });

  it('stops the wave at its first failed region: no region not yet started deploys the same version', () => {
    expect(job.strategy['fail-fast']).toBe(true);
    expect(job.strategy['max-parallel']).toBe('${{ inputs.max-parallel }}');
  });

  it('assumes the environment’s role with OIDC, then checks blockers before anything changes', () => {
    expect(job.permissions['id-token']).toBe('write');
    const creds = (job.steps as Yaml[]).find((s) =>
      String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(creds?.with['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    const firstOwn = uses.find((u) => /^actions\/[a-z-]+$/.test(u));
    expect(firstOwn).toBe('actions/check-blockers');
    expect(uses.indexOf('actions/check-blockers')).toBeLessThan(uses.indexOf('run'));
    expect(uses.filter((u) => /^actions\/[a-z-]+$/.test(u)).slice(-3)).toEqual([
      'actions/shift-traffic',
      'actions/bake-and-watch',
      'actions/rollback',
    ]);
  });

  it('rolls back after a failed or cancelled shift or bake, only what this run deployed', () => {
    const rollback = (job.steps as Yaml[]).find((s) => s.id === 'rollback')!;
    expect(rollback.if).toBe('failure() || cancelled()');
    // undo: this-run by default: a run that failed before its shift leaves the alias alone.
    expect(rollback.with.undo).toBeUndefined();
    expect(rollback.with['previous-version']).toBeUndefined();
  });
});

describe('staged-deploy.yml', () => {
  const jobs = workflow('staged-deploy.yml').jobs as Record<string, Yaml>;

  it('goes pre-production, one-box, then waves, each in its own environment after the previous', () => {
    expect(Object.keys(jobs)).toEqual(['pre-production', 'one-box', 'wave-1', 'wave-2']);
    expect(Object.values(jobs).map((j) => j.needs)).toEqual([
      undefined,
      'pre-production',
      'one-box',
      'wave-1',
    ]);
    const environments = Object.values(jobs).map((j) => j.with.environment);
    expect(new Set(environments).size).toBe(4);
    expect(jobs['one-box'].with.strategy).toBe('canary 1% 20m');
  });

  it('bakes longer as the waves widen', () => {
    const inputs = workflow('staged-deploy.yml').on.workflow_call.inputs as Record<string, Yaml>;
    const minutes = (d: string): number =>
      d.endsWith('h') ? Number(d.slice(0, -1)) * 60 : Number(d.slice(0, -1));
    const bakes = ['pre-production', 'one-box', 'wave-1', 'wave-2'].map((w) =>
      minutes(inputs[`${w}-bake-time`].default),
    );
    expect(bakes).toEqual([...bakes].sort((a, b) => a - b));
    expect(bakes[0]).toBeLessThan(bakes[3]);
  });
});

describe('rollback.yml and emergency-deploy.yml', () => {
  it('manual rollback takes function, alias, an optional previous version and a reason', () => {
    const inputs = workflow('rollback.yml').on.workflow_dispatch.inputs as Record<string, Yaml>;
    expect(inputs['function-name'].required).toBe(true);
    expect(inputs.alias.required).toBe(true);
    expect(inputs['previous-version'].required).toBe(false);
    expect(inputs.reason.required).toBe(true);
  });

  it('manual rollback undoes the latest deployment on purpose, whichever run made it', () => {
    const steps = (workflow('rollback.yml').jobs as Record<string, Yaml>).rollback.steps as Yaml[];
    const rollback = steps.find((s) => ownAction(s.uses) === 'actions/rollback')!;
    expect(rollback.with.undo).toBe('latest');
  });

  it('emergency deploy needs a reason, overrides with it, and bakes shorter than any wave', () => {
    const dispatch = workflow('emergency-deploy.yml').on.workflow_dispatch.inputs as Record<
      string,
      Yaml
    >;
    expect(dispatch.reason.required).toBe(true);
    const call = workflow('emergency-deploy.yml').jobs.deploy as Yaml;
    expect(call.uses).toBe('./.github/workflows/deploy-wave.yml');
    expect(call.with['override-reason']).toBe('${{ inputs.reason }}');
    expect(dispatch['bake-time'].default).toBe('5m');
    const staged = workflow('staged-deploy.yml').on.workflow_call.inputs as Record<string, Yaml>;
    expect(staged['pre-production-bake-time'].default).toBe('10m');
  });
});

describe('one set of environments, used the same way everywhere', () => {
  const guide = read('.github/workflows/README.md');
  const staged = Object.values(workflow('staged-deploy.yml').jobs as Record<string, Yaml>).map(
    (j) => j.with.environment as string,
  );
  const stepFour = /### Step 4: GitHub environments\n\n([\s\S]*?)\n\n/.exec(guide)?.[1] ?? '';
  const created = [...stepFour.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
  const trusted = [...guide.matchAll(/repo:OWNER\/REPO:environment:([a-z0-9-]+)/g)].map(
    (m) => m[1],
  );

  it('the guide creates exactly the environments the staged waves run in', () => {
    expect(staged).toEqual([
      'pre-production',
      'production-one-box',
      'production-wave-1',
      'production-wave-2',
    ]);
    expect(new Set(created)).toEqual(new Set(staged));
  });

  it('the production role trusts every production environment, the way the waves use them', () => {
    expect(trusted.sort()).toEqual(staged.filter((e) => e.startsWith('production')).sort());
  });

  it('rollback and emergency deploy ask for one of those environments, never a name of their own', () => {
    const rollback = workflow('rollback.yml').on;
    const emergency = workflow('emergency-deploy.yml').on;
    expect(rollback.workflow_dispatch.inputs.environment).toMatchObject({ type: 'environment' });
    expect(rollback.workflow_dispatch.inputs.environment.default).toBeUndefined();
    expect(emergency.workflow_dispatch.inputs.environment.type).toBe('environment');
    expect(staged).toContain(emergency.workflow_dispatch.inputs.environment.default);
    expect(staged).toContain(emergency.workflow_call.inputs.environment.default);
  });
});

describe('the emergency deploy’s queueing', () => {
  /** The deploy-wave concurrency group a caller's `with:` gives for one region. */
  const group = (withInputs: Record<string, string>, region: string): string =>
    String((workflow('deploy-wave.yml').jobs.deploy as Yaml).concurrency.group)
      .replace(/\$\{\{ inputs\.([a-z-]+) \}\}/g, (_, name: string) => withInputs[name] ?? '')
      .replace('${{ matrix.region }}', region);
  const emergencyCall = (workflow('emergency-deploy.yml').jobs as Record<string, Yaml>).deploy;
  const waveOne = (workflow('staged-deploy.yml').jobs as Record<string, Yaml>)['wave-1'];

  it('shares the release’s group for the same environment, function, alias and region, so the two never run at once', () => {
    const inputs = {
      'function-name': '${{ inputs.function-name }}',
      alias: '${{ inputs.alias }}',
    };
    expect(group({ ...emergencyCall.with, environment: 'production-wave-1' }, 'eu-west-1')).toBe(
      group({ ...waveOne.with, ...inputs, environment: 'production-wave-1' }, 'eu-west-1'),
    );
  });

  it('waits behind a running release and never cancels it: it sets no group of its own', () => {
    expect(workflow('emergency-deploy.yml').concurrency).toBeUndefined();
    expect(emergencyCall.concurrency).toBeUndefined();
    expect(
      (workflow('deploy-wave.yml').jobs.deploy as Yaml).concurrency['cancel-in-progress'],
    ).toBe(false);
  });

  it('the guide says how to go first and what a release queued behind it does', () => {
    const guide = read('.github/workflows/README.md');
    expect(guide).toMatch(/the emergency deploy waits for it\. To go first,\s+cancel that run/);
    expect(guide).toMatch(/one running and one\s+_pending_ job per group/);
  });
});

describe('dependabot', () => {
  const config = parse(read('.github/dependabot.yml')) as {
    updates: { 'package-ecosystem': string; groups?: Record<string, { patterns?: string[] }> }[];
  };

  it('keeps the pinned actions and the npm packages current, all @aws-sdk/* together', () => {
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
    const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!;
    expect(npm.groups?.['aws-sdk'].patterns).toEqual(['@aws-sdk/*']);
  });
});
