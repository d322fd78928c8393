// An annotation points at the workflow step that ran the action, when the caller checked out
// the repository whose workflow runs (GITHUB_WORKFLOW_REF) into the workspace and exactly one
// step of the job can be it. Otherwise it carries no position, as before. The bundle runs as
// the runner runs it; the refusals here need no network.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFLINE_ENV, runAction } from '../harness/runner.js';

const WORKFLOW = [
  'name: deploy',
  'on: push',
  'jobs:',
  '  deploy:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - name: May we start?',
  '        id: blockers',
  '        uses: octo-org/safe-deploy/actions/check-blockers@v1',
  '        with:',
  '          windows: whenever',
  '      - uses: octo-org/safe-deploy/actions/check-blockers@v1',
  '',
].join('\n');

const workspaces: string[] = [];
afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A workspace holding the workflow at .github/workflows/deploy.yml, or nothing. */
function workspace(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'annotation-workspace-'));
  workspaces.push(dir);
  if (text !== undefined) {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'deploy.yml'), text);
  }
  return dir;
}

/** check-blockers refusing its windows input: a failure, whose error is an annotation. */
function refused(env: Record<string, string>) {
  return runAction({
    action: 'check-blockers',
    inputs: { windows: 'whenever' },
    env: { ...OFFLINE_ENV, GITHUB_JOB: 'deploy', ...env },
    timeoutMs: 30_000,
  });
}

describe('annotations and the workflow step', () => {
  it('an error annotation names the workflow file and the lines of the step', async () => {
    const r = await refused({ GITHUB_WORKSPACE: workspace(WORKFLOW), GITHUB_ACTION: 'blockers' });
    expect(r.exitCode).toBe(1);
    const [error] = r.annotations.filter((a) => a.level === 'error');
    expect(error.message).toContain("Input 'windows' is 'whenever'");
    expect(error).toMatchObject({ file: '.github/workflows/deploy.yml', line: 8, endLine: 12 });
  });

  it('the step without an id, when the runner says it has none', async () => {
    const r = await refused({
      GITHUB_WORKSPACE: workspace(WORKFLOW),
      GITHUB_ACTION: '__octo-org_safe-deploy',
    });
    const [error] = r.annotations.filter((a) => a.level === 'error');
    expect(error).toMatchObject({ file: '.github/workflows/deploy.yml', line: 13, endLine: 13 });
  });

  it.each([
    ['the workspace does not hold the workflow', () => ({ GITHUB_WORKSPACE: workspace() })],
    [
      'two steps could be the one running',
      () => ({
        GITHUB_WORKSPACE: workspace(WORKFLOW.replace('id: blockers', 'name: x')),
        GITHUB_ACTION: '__run',
      }),
    ],
    [
      'the workflow is another repository’s',
      () => ({
        GITHUB_WORKSPACE: workspace(WORKFLOW),
        GITHUB_ACTION: 'blockers',
        GITHUB_WORKFLOW_REF: 'octo-org/pipelines/.github/workflows/deploy.yml@refs/heads/main',
      }),
    ],
    [
      'the workflow file is not a file',
      () => {
        const dir = workspace();
        mkdirSync(join(dir, '.github', 'workflows', 'deploy.yml'), { recursive: true });
        return { GITHUB_WORKSPACE: dir, GITHUB_ACTION: 'blockers' };
      },
    ],
    [
      'the workflow file is not YAML at all',
      () => ({
        GITHUB_WORKSPACE: workspace('\u0000\u00ff'.repeat(5000)),
        GITHUB_ACTION: 'blockers',
      }),
    ],
  ])('no position when %s, and the step fails as before', async (_, env) => {
    const r = await refused(env());
    expect(r.exitCode).toBe(1);
    const [error] = r.annotations.filter((a) => a.level === 'error');
    expect(error.message).toContain("Input 'windows' is 'whenever'");
    expect(error.file).toBeUndefined();
    expect(error.line).toBeUndefined();
    expect(r.log).not.toMatch(/Unexpected error/);
  });
});
