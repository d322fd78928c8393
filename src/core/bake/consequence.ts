// What a bake's verdict does to the deployment: roll back, fail the step, or neither. Pure
// and separate from the judge, because the same verdict means different things under
// different inputs, and a dry run must never change anything.
import type { PollVerdict } from './ending.js';
import type { OnInconclusive } from './config.js';

export interface ConsequencePolicy {
  onFailure: 'rollback' | 'halt';
  onError: 'fail' | 'rollback';
  onInconclusive: OnInconclusive;
  dryRun: boolean;
}

export interface Consequence {
  /** Put the alias fully back on the previous version. */
  rollback: boolean;
  /** The step fails: later steps (promotion, the next wave) must not run. */
  failStep: boolean;
  /** What is said of the alias in the verdict; '' for a pass. */
  action: string;
}

export function bakeConsequence(
  verdict: PollVerdict,
  policy: ConsequencePolicy,
  previousVersion: string,
): Consequence {
  if (policy.dryRun) {
    const would =
      verdict === 'fail'
        ? `; a real run would have ${policy.onFailure === 'rollback' ? `rolled back to version ${previousVersion}` : 'failed the step'}`
        : '';
    return {
      rollback: false,
      failStep: false,
      action: verdict === 'pass' ? '' : `Dry run: nothing was changed${would}.`,
    };
  }
  const rollback =
    (verdict === 'fail' && policy.onFailure === 'rollback') ||
    (verdict === 'error' && policy.onError === 'rollback');
  // Inconclusive is never a pass unless the user said so: no data is not evidence of health.
  const inconclusivePasses = verdict === 'inconclusive' && policy.onInconclusive === 'pass';
  const failStep = verdict !== 'pass' && !inconclusivePasses;
  const action =
    verdict === 'pass'
      ? ''
      : inconclusivePasses
        ? 'on-inconclusive is pass: the step succeeds without evidence of health.'
        : 'The alias was not changed.';
  return { rollback, failStep, action };
}
