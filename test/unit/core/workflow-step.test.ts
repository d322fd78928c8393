// The step an annotation points at: found in the workflow file by a line search, only when
// exactly one step can be the running one. Anything doubtful gives no position at all.
import { describe, expect, it } from '@jest/globals';
import { locateStep, MAX_WORKFLOW_LINES, workflowPath } from '../../../src/core/workflow-step.js';
import { runningAction } from '../../../src/adapters/step-position.js';

const workflow = (...lines: string[]): string => lines.join('\n');

const TWO_JOBS = workflow(
  'name: deploy', //                                              1
  'on: push',
  'jobs:',
  '  canary:',
  '    runs-on: ubuntu-latest', //                                5
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - name: Shift the canary',
  '        id: shift',
  '        uses: octo-org/safe-deploy/actions/shift-traffic@v1 # pinned', // 10
  '        with:',
  '          function-name: orders',
  '',
  '          alias: live',
  '      - uses: octo-org/safe-deploy/actions/bake-and-watch@v1', // 15
  '  prod:',
  '    needs: canary',
  '    steps:',
  '      - uses: octo-org/safe-deploy/actions/shift-traffic@v1',
  '        with: { function-name: orders, alias: live }', //       20
);

describe('locateStep', () => {
  it('finds the one step using the action in the job, from its `-` to its last line', () => {
    expect(
      locateStep(TWO_JOBS, { action: 'shift-traffic', job: 'canary', stepId: 'shift' }),
    ).toEqual({ startLine: 8, endLine: 14 });
    expect(
      locateStep(TWO_JOBS, {
        action: 'shift-traffic',
        job: 'prod',
        stepId: '__octo-org_safe-deploy',
      }),
    ).toEqual({ startLine: 19, endLine: 20 });
    expect(locateStep(TWO_JOBS, { action: 'bake-and-watch', job: 'canary' })).toEqual({
      startLine: 15,
      endLine: 15,
    });
  });

  it('gives nothing when the job does not tell two uses apart, nor the step id', () => {
    expect(locateStep(TWO_JOBS, { action: 'shift-traffic' })).toBeUndefined();
    const twice = workflow(
      'jobs:',
      '  deploy:',
      '    steps:',
      '      - uses: ./actions/rollback',
      '      - uses: ./actions/rollback',
    );
    expect(
      locateStep(twice, { action: 'rollback', job: 'deploy', stepId: '__run' }),
    ).toBeUndefined();
  });

  it('tells steps apart by id: GITHUB_ACTION is the id, or __... for a step without one', () => {
    const text = workflow(
      'jobs:',
      '  deploy:',
      '    steps:',
      '      - id: first',
      '        uses: ./actions/rollback',
      '      - uses: ./actions/rollback',
      '      - \'id\': "third"',
      '        uses: ./actions/rollback',
    );
    const at = (stepId: string) => locateStep(text, { action: 'rollback', job: 'deploy', stepId });
    expect(at('first')).toEqual({ startLine: 4, endLine: 5 });
    expect(at('third')).toEqual({ startLine: 7, endLine: 8 });
    expect(at('__safe-deploy_safe-deploy')).toEqual({ startLine: 6, endLine: 6 });
    expect(at('another')).toBeUndefined();
  });

  it('gives nothing for a job the file does not have (a reusable workflow runs the step)', () => {
    const caller = workflow(
      'jobs:',
      '  deploy:',
      '    uses: octo-org/pipelines/.github/workflows/lambda.yml@v1',
      '  other:',
      '    steps:',
      '      - uses: octo-org/safe-deploy/actions/check-blockers@v1',
    );
    expect(locateStep(caller, { action: 'check-blockers', job: 'deploy' })).toBeUndefined();
    expect(locateStep(caller, { action: 'check-blockers', job: 'missing' })).toBeUndefined();
    expect(locateStep('steps:\n  - uses: ./actions/x', { action: 'x', job: 'a' })).toBeUndefined();
  });

  it('matches the action by its path, quoted or not, local or remote, and nothing longer', () => {
    const one = (uses: string) =>
      locateStep(`jobs:\n  j:\n    steps:\n      - uses: ${uses}\n`, {
        action: 'shift-traffic',
        job: 'j',
      });
    for (const uses of [
      './actions/shift-traffic',
      './actions/shift-traffic/',
      '"octo-org/safe-deploy/actions/shift-traffic@v1"',
      "'octo-org/safe-deploy/actions/shift-traffic@0123abc'",
      'octo-org/safe-deploy/actions/shift-traffic@v1   # a comment',
    ])
      expect(one(uses)).toEqual({ startLine: 4, endLine: 4 });
    for (const uses of [
      './actions/shift-traffic-extra',
      'octo-org/safe-deploy/actions/shift-traffic2@v1',
      'octo-org/not-shift-traffic@v1',
      '# octo-org/safe-deploy/actions/shift-traffic@v1',
      '',
    ])
      expect(one(uses)).toBeUndefined();
  });

  it('does not take a commented-out step or the text of a block scalar for a step', () => {
    const text = workflow(
      'jobs:',
      '  deploy:',
      '    steps:',
      '      # - uses: ./actions/rollback',
      '      - run: |',
      '          - uses: ./actions/rollback',
      '          uses: ./actions/rollback',
      '      - name: Notes',
      '        with:',
      '          text: >-',
      '            - uses: ./actions/rollback',
      '        uses: ./actions/rollback',
    );
    expect(locateStep(text, { action: 'rollback', job: 'deploy' })).toEqual({
      startLine: 8,
      endLine: 12,
    });
  });

  it('reads CRLF files, and gives nothing for flow-style steps it cannot see into', () => {
    const crlf = TWO_JOBS.replace(/\n/g, '\r\n');
    expect(locateStep(crlf, { action: 'shift-traffic', job: 'prod' })).toEqual({
      startLine: 19,
      endLine: 20,
    });
    const flow = 'jobs:\n  j:\n    steps: [{ uses: ./actions/rollback }]\n';
    expect(locateStep(flow, { action: 'rollback', job: 'j' })).toBeUndefined();
  });

  it('never throws and stays quick on hostile text', () => {
    const long = `jobs:\n  j:\n    steps:\n      - uses: ./actions/rollback${' '.repeat(200_000)}x\n`;
    const huge = `jobs:\n  j:\n${'    - x\n'.repeat(MAX_WORKFLOW_LINES)}`;
    const started = Date.now();
    expect(locateStep(long, { action: 'rollback', job: 'j' })).toBeUndefined();
    expect(locateStep(huge, { action: 'x', job: 'j' })).toBeUndefined();
    expect(locateStep('\u0000\uffff\ud800', { action: 'rollback' })).toBeUndefined();
    expect(locateStep('', { action: '' })).toBeUndefined();
    // Random text over the characters that matter to the search.
    const alphabet = [
      '-',
      ' ',
      ' ',
      '  ',
      ':',
      '#',
      '"',
      "'",
      '|',
      '>',
      '\n',
      '\n',
      '\t',
      'uses',
      'id',
      'jobs',
      'j',
      './actions/rollback',
      '@',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from(
        { length: 80 },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const found = locateStep(text, { action: 'rollback', job: 'j', stepId: 'id' });
      if (found) expect(found.startLine).toBeLessThanOrEqual(found.endLine);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('workflowPath', () => {
  const repo = 'octo-org/orders-service';
  it('is the path in GITHUB_WORKFLOW_REF when the workflow is the checked-out repository’s', () => {
    expect(workflowPath(`${repo}/.github/workflows/deploy.yml@refs/heads/main`, repo)).toBe(
      '.github/workflows/deploy.yml',
    );
    expect(workflowPath(`${repo}/.github/workflows/a@b.yaml@refs/tags/v1`, repo)).toBe(
      '.github/workflows/a@b.yaml',
    );
  });

  it('is nothing for another repository, or anything but a workflow file', () => {
    expect(workflowPath('octo-org/pipelines/.github/workflows/x.yml@v1', repo)).toBeUndefined();
    expect(workflowPath(`${repo}-fork/.github/workflows/x.yml@v1`, repo)).toBeUndefined();
    expect(workflowPath(`${repo}/.github/workflows/../../etc/passwd.yml@v1`, repo)).toBeUndefined();
    expect(workflowPath(`${repo}/README.md@v1`, repo)).toBeUndefined();
    expect(workflowPath('', '')).toBeUndefined();
  });
});

describe('runningAction', () => {
  it("is the action whose bundle runs: dist/<action>/index.js or its post step's", () => {
    expect(runningAction('/a/_actions/o/r/v1/dist/shift-traffic/index.js')).toBe('shift-traffic');
    expect(runningAction('/a/dist/shift-traffic/post/index.js')).toBe('shift-traffic');
    expect(runningAction('/a/node_modules/jest/bin/jest.js')).toBeUndefined();
    expect(runningAction('/a/src/rollback/index.ts')).toBeUndefined();
    expect(runningAction(undefined)).toBeUndefined();
  });
});
