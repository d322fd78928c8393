import { describe, expect, it } from '@jest/globals';
import { bakeConsequence, type ConsequencePolicy } from '../../../../src/core/bake/consequence.js';

const defaults: ConsequencePolicy = {
  onFailure: 'rollback',
  onError: 'fail',
  onInconclusive: 'fail',
  dryRun: false,
};
const decide = (
  verdict: Parameters<typeof bakeConsequence>[0],
  over: Partial<ConsequencePolicy> = {},
) => bakeConsequence(verdict, { ...defaults, ...over }, '3');

describe('what a bake verdict does to the deployment', () => {
  it('a pass changes nothing and fails nothing', () => {
    expect(decide('pass')).toEqual({ rollback: false, failStep: false, action: '' });
  });

  it('a fail rolls back and fails the step by default; with on-failure halt it only fails', () => {
    expect(decide('fail')).toMatchObject({ rollback: true, failStep: true });
    expect(decide('fail', { onFailure: 'halt' })).toEqual({
      rollback: false,
      failStep: true,
      action: 'The alias was not changed.',
    });
  });

  it('an error fails the step, and rolls back only when on-error says so', () => {
    expect(decide('error')).toMatchObject({ rollback: false, failStep: true });
    expect(decide('error', { onError: 'rollback' })).toMatchObject({
      rollback: true,
      failStep: true,
    });
  });

  it('inconclusive is never a pass unless on-inconclusive is pass, and then it says so', () => {
    expect(decide('inconclusive')).toMatchObject({ rollback: false, failStep: true });
    expect(decide('inconclusive', { onInconclusive: 'extend' })).toMatchObject({ failStep: true });
    expect(decide('inconclusive', { onInconclusive: 'pass' })).toEqual({
      rollback: false,
      failStep: false,
      action: 'on-inconclusive is pass: the step succeeds without evidence of health.',
    });
  });

  it('a dry run never rolls back or fails, and says what a real run would have done', () => {
    for (const verdict of ['fail', 'error', 'inconclusive'] as const)
      expect(decide(verdict, { dryRun: true, onError: 'rollback' })).toMatchObject({
        rollback: false,
        failStep: false,
      });
    expect(decide('fail', { dryRun: true }).action).toBe(
      'Dry run: nothing was changed; a real run would have rolled back to version 3.',
    );
    expect(decide('fail', { dryRun: true, onFailure: 'halt' }).action).toBe(
      'Dry run: nothing was changed; a real run would have failed the step.',
    );
  });
});
