// The rollback's inputs, parsed and checked before any AWS or GitHub call.
import { parseAliasName, parseChoice, parseFunctionName, parseVersion } from '../core/inputs.js';
import { parseAllocationTimeout } from '../core/provisioned-concurrency.js';
import type { DeploymentState } from '../adapters/github.js';
import { UNDO_CHOICES, type Undo } from './decide.js';
import { type CellFunction, parseCellFunctions, parseCellName } from '../core/cell-inputs.js';
import { InputError } from '../core/input-error.js';

/** Deployment states a rollback may leave on the GitHub deployment. */
export const DEPLOYMENT_STATUSES = ['failure', 'inactive', 'error'] as const;
export type RollbackDeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number] & DeploymentState;

export interface RollbackInputs {
  /** The function, or with `functions` the cell's name. */
  functionName: string;
  alias: string;
  /** Set by `functions`: every function of a cell is rolled back as one. */
  cell?: { name: string; functions: CellFunction[] };
  /** The version to restore; undefined means the deployment record's previous version. */
  previousVersion?: string;
  undo: Undo;
  reason: string;
  githubToken?: string;
  environment?: string;
  deploymentStatus: RollbackDeploymentStatus;
  region?: string;
  /** How long the rollback waits for the alias' provisioned concurrency to be READY again. */
  provisionedConcurrencyTimeoutMs: number;
}

export type RawInputs = Record<
  | 'function-name'
  | 'alias'
  | 'functions'
  | 'cell-name'
  | 'previous-version'
  | 'undo'
  | 'reason'
  | 'github-token'
  | 'environment'
  | 'deployment-status'
  | 'region'
  | 'provisioned-concurrency-timeout',
  string
>;

export function parseRollbackInputs(raw: RawInputs): RollbackInputs {
  const alias = parseAliasName('alias', raw.alias);
  const cell = raw.functions.trim()
    ? {
        name: parseCellName(raw['cell-name']),
        functions: parseCellFunctions(raw.functions, alias, false),
      }
    : undefined;
  // A cell's previous versions are each alias' own record's: one version cannot name them.
  for (const other of ['function-name', 'previous-version'] as const)
    if (cell && raw[other].trim())
      throw new InputError(other, raw[other], 'empty when functions is given');
  const functionName = cell ? cell.name : parseFunctionName('function-name', raw['function-name']);
  const previousVersion = raw['previous-version'].trim()
    ? parseVersion('previous-version', raw['previous-version'])
    : undefined;
  const undo = parseChoice('undo', raw.undo || 'this-run', UNDO_CHOICES);
  const deploymentStatus = parseChoice(
    'deployment-status',
    raw['deployment-status'] || 'failure',
    DEPLOYMENT_STATUSES,
  );
  // The token defaults to the job's own; the deployment is marked only when the
  // environment names which one, so a job without an environment leaves GitHub alone.
  const githubToken = raw['github-token'].trim() || undefined;
  const environment = raw.environment.trim() || undefined;
  return {
    functionName,
    alias,
    ...(cell ? { cell } : {}),
    ...(previousVersion ? { previousVersion } : {}),
    undo,
    reason: raw.reason.trim(),
    ...(githubToken ? { githubToken } : {}),
    ...(environment ? { environment } : {}),
    deploymentStatus,
    ...(raw.region.trim() ? { region: raw.region.trim() } : {}),
    provisionedConcurrencyTimeoutMs: parseAllocationTimeout(raw['provisioned-concurrency-timeout']),
  };
}
