// The reusable workflows as a caller in another repository meets them. GitHub resolves a
// step's `uses: ./path` in the job's workspace, which holds only what the job checked out:
// a plain actions/checkout there brings the *caller's* repository, which has none of this
// repository's actions. A job-level `uses: ./.github/workflows/x.yml` is different: it is
// read from the same commit as the workflow that names it. So every local action must be
// reached through a checkout of this repository at the called commit
// (`job.workflow_repository` at `job.workflow_sha`), and every file its action.yml runs must
// be in that checkout. Third-party actions are pinned to a full commit SHA.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, '.github/workflows');

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SELF_REPOSITORY = '${{ job.workflow_repository }}';
const SELF_SHA = '${{ job.workflow_sha }}';

/** What a job's workspace holds under a path: this repository at the called commit, or the caller's. */
type Mount = 'safe-deploy' | 'caller';

/** The problems an outside caller of `file` would meet, following its nested workflows. */
function crossRepoProblems(
  file: string,
  readWorkflow: (path: string) => Yaml = (path) => parse(readFileSync(join(ROOT, path), 'utf8')),
  seen = new Set<string>(),
): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const problems: string[] = [];
  const doc = readWorkflow(file);
  for (const [name, job] of Object.entries((doc.jobs ?? {}) as Record<string, Yaml>)) {
    const where = `${file} job ${name}`;
    if (typeof job.uses === 'string') {
      // Read from the same commit as this workflow: this repository at the called ref.
      if (job.uses.startsWith('./')) {
        if (!existsSync(join(ROOT, job.uses)))
          problems.push(`${where}: ${job.uses} does not exist`);
        else problems.push(...crossRepoProblems(job.uses.slice(2), readWorkflow, seen));
      }
      continue;
    }
    const mounts = new Map<string, Mount>();
    for (const step of (job.steps ?? []) as Yaml[]) {
      const uses = String(step.uses ?? '');
      if (uses.startsWith('actions/checkout@')) {
        const path = normalize(String(step.with?.path ?? '.')).replace(/\/$/, '');
        const self = step.with?.repository === SELF_REPOSITORY && step.with?.ref === SELF_SHA;
        if (step.with?.repository && !self)
          problems.push(
            `${where}: checks out ${step.with.repository} at ${step.with?.ref ?? 'its default branch'}, not this repository at the called commit`,
          );
        mounts.set(path, self ? 'safe-deploy' : 'caller');
        if (step.with?.['persist-credentials'] !== false)
          problems.push(
            `${where}: a checkout keeps the job's token in .git (persist-credentials is not false)`,
          );
        continue;
      }
      if (!uses.startsWith('./')) continue;
      const target = normalize(uses);
      const mount = [...mounts.keys()]
        .filter((path) => path === '.' || target === path || target.startsWith(`${path}/`))
        .sort((a, b) => b.length - a.length)[0];
      if (mount === undefined) {
        problems.push(`${where}: ${uses} runs before anything is checked out`);
        continue;
      }
      if (mounts.get(mount) === 'caller') {
        problems.push(`${where}: ${uses} would be looked up in the caller's repository`);
        continue;
      }
      const inRepo = mount === '.' ? target : target.slice(mount.length + 1);
      problems.push(...actionProblems(where, uses, inRepo));
    }
  }
  return problems;
}

/** The action at `inRepo` exists here, and every file it runs is inside the same checkout. */
function actionProblems(where: string, uses: string, inRepo: string): string[] {
  const manifest = join(ROOT, inRepo, 'action.yml');
  if (!existsSync(manifest)) return [`${where}: ${uses} has no action.yml in this repository`];
  const runs = (parse(readFileSync(manifest, 'utf8')) as Yaml).runs as Yaml;
  return ['pre', 'main', 'post']
    .filter((key) => typeof runs[key] === 'string')
    .flatMap((key) => {
      const file = normalize(join(inRepo, runs[key]));
      if (file.startsWith('..'))
        return [`${where}: ${uses} runs ${runs[key]}, outside the checkout`];
      return existsSync(join(ROOT, file))
        ? []
        : [`${where}: ${uses} runs ${file}, which is missing`];
    });
}

const CALLABLE = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .filter((f) => {
    const doc = parse(readFileSync(join(DIR, f), 'utf8')) as Yaml;
    return doc.on && typeof doc.on === 'object' && 'workflow_call' in doc.on;
  });

describe('the reusable workflows, called from another repository', () => {
  it('are the four the guide offers', () => {
    expect(CALLABLE.sort()).toEqual([
      'deploy-wave.yml',
      'emergency-deploy.yml',
      'rollback.yml',
      'staged-deploy.yml',
    ]);
  });

  it.each(CALLABLE)('%s reaches every action of this repository at the called commit', (file) => {
    expect(crossRepoProblems(`.github/workflows/${file}`)).toEqual([]);
  });

  it('the check can fail: a plain checkout followed by ./actions/ looks in the caller', () => {
    const broken: Yaml = {
      on: { workflow_call: {} },
      jobs: {
        deploy: {
          steps: [
            { uses: 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8' },
            { uses: './actions/check-blockers' },
          ],
        },
      },
    };
    expect(crossRepoProblems('broken.yml', () => broken)).toEqual([
      "broken.yml job deploy: a checkout keeps the job's token in .git (persist-credentials is not false)",
      "broken.yml job deploy: ./actions/check-blockers would be looked up in the caller's repository",
    ]);
  });

  it('the check can fail: an action whose bundle is not in the checkout', () => {
    const broken: Yaml = {
      jobs: {
        deploy: {
          steps: [
            {
              uses: 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8',
              with: {
                repository: SELF_REPOSITORY,
                ref: SELF_SHA,
                path: '.safe-deploy',
                'persist-credentials': false,
              },
            },
            { uses: './.safe-deploy/actions/no-such-action' },
            { uses: './actions/rollback' },
          ],
        },
      },
    };
    expect(crossRepoProblems('broken.yml', () => broken)).toEqual([
      'broken.yml job deploy: ./.safe-deploy/actions/no-such-action has no action.yml in this repository',
      'broken.yml job deploy: ./actions/rollback runs before anything is checked out',
    ]);
  });
});

describe('third-party actions', () => {
  const lines = readdirSync(DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) =>
      readFileSync(join(DIR, f), 'utf8')
        .split('\n')
        .map((line) => ({ file: f, line: line.trim() })),
    )
    .filter(({ line }) => /^(- )?uses: /.test(line))
    .filter(({ line }) => !/uses: \.\//.test(line));

  it('are used somewhere', () => {
    expect(lines.length).toBeGreaterThan(5);
  });

  it.each(lines)(
    '$file: $line is pinned to a full commit SHA, its version in a comment',
    ({ line }) => {
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/);
    },
  );
});
