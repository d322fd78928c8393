// The rollback's inputs, parsed and checked before any AWS or GitHub call.
import { InputError } from '../core/input-error.js';
import { parseChoice, parseName, parseVersion } from '../core/inputs.js';
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

/** Lambda alias names: letters, digits, - and _, not all digits (a version number is not an alias). */
const ALIAS_NAME = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
const ALIAS_FORM =
  'a Lambda alias name such as live (letters, digits, - and _; not a version number)';

export function parseRollbackInputs(raw: RawInputs): RollbackInputs {
  const functionName = parseName(
    'function-name',
    raw['function-name'],
    'a Lambda function name or ARN such as my-function',
  );
  const alias = parseName('alias', raw.alias, ALIAS_FORM);
  if (!ALIAS_NAME.test(alias)) throw new InputError('alias', raw.alias, ALIAS_FORM);
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
