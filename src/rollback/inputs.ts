// The rollback's inputs, parsed and checked before any AWS or GitHub call.
import { InputError } from '../core/input-error.js';
import { parseAliasName, parseChoice, parseFunctionName, parseVersion } from '../core/inputs.js';
import type { DeploymentState } from '../adapters/github.js';

/** Deployment states a rollback may leave on the GitHub deployment. */
export const DEPLOYMENT_STATUSES = ['failure', 'inactive', 'error'] as const;
export type RollbackDeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number] & DeploymentState;

export interface RollbackInputs {
  functionName: string;
  alias: string;
  /** The version to restore; undefined means the deployment record's previous version. */
  version?: string;
  reason: string;
  githubToken?: string;
  environment?: string;
  deploymentStatus: RollbackDeploymentStatus;
  region?: string;
}

export type RawInputs = Record<
  | 'function-name'
  | 'alias'
  | 'version'
  | 'reason'
  | 'github-token'
  | 'environment'
  | 'deployment-status'
  | 'region',
  string
>;

export function parseRollbackInputs(raw: RawInputs): RollbackInputs {
  const functionName = parseFunctionName('function-name', raw['function-name']);
  const alias = parseAliasName('alias', raw.alias);
  const version = raw.version.trim() ? parseVersion('version', raw.version) : undefined;
  const deploymentStatus = parseChoice(
    'deployment-status',
    raw['deployment-status'] || 'failure',
    DEPLOYMENT_STATUSES,
  );
  const githubToken = raw['github-token'].trim() || undefined;
  const environment = raw.environment.trim() || undefined;
  if (githubToken && !environment) {
    throw new InputError(
      'environment',
      raw.environment,
      'the GitHub environment whose deployment to mark (e.g. production) when github-token is given',
    );
  }
  return {
    functionName,
    alias,
    ...(version ? { version } : {}),
    reason: raw.reason.trim(),
    ...(githubToken ? { githubToken } : {}),
    ...(environment ? { environment } : {}),
    deploymentStatus,
    ...(raw.region.trim() ? { region: raw.region.trim() } : {}),
  };
}
