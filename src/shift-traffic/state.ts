// What the main step saves for its post step (core.saveState -> STATE_<key>). The post step
// trusts the alias over this: the state only says which deployment to look for.
import type { CellSpec } from '../adapters/targets.js';

export const STATE = {
  /** JSON SavedDeployment, written just before the first change to the alias. */
  deployment: 'deployment',
  /** The ShiftOutcome status, written when the main step finished on its own. */
  outcome: 'outcome',
} as const;

export interface SavedDeployment {
  functionName: string;
  alias: string;
  region: string;
  previousVersion: string;
  version: string;
  /** The owner token this run recorded on the alias: the post step restores only its own. */
  token: string;
  /** The alias has provisioned concurrency: the post step checks it after a restore. */
  provisioned?: boolean;
  /** A cell: every function of it is restored, as one. */
  cell?: CellSpec;
}

export function parseSaved(raw: string): SavedDeployment | undefined {
  try {
    const value = JSON.parse(raw) as Partial<SavedDeployment>;
    const fields = [
      'functionName',
      'alias',
      'region',
      'previousVersion',
      'version',
      'token',
    ] as const;
    return fields.every((f) => typeof value[f] === 'string')
      ? (value as SavedDeployment)
      : undefined;
  } catch {
    return undefined;
  }
}
