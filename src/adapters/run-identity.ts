// Who this step is, as recorded on the alias: the workflow run and its attempt from the
// runner's variables, and a fresh token per process, so two jobs of one run are told apart.
import { randomBytes } from 'node:crypto';
import type { DeploymentOwner } from '../core/deployment-record.js';
import { LOCAL_RUN_ID } from '../core/shift-start.js';
import type { Actors } from '../core/blockers/override.js';

export function thisRun(): DeploymentOwner {
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT);
  return {
    runId: process.env.GITHUB_RUN_ID || LOCAL_RUN_ID,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    token: randomBytes(4).toString('hex'),
  };
}

/** Who started the run and who started this attempt (they differ on a re-run). */
export function runActors(): Actors {
  return {
    actor: process.env.GITHUB_ACTOR ?? '',
    triggeringActor: process.env.GITHUB_TRIGGERING_ACTOR,
  };
}
