// Posting a GitHub deployment status, the same way in every action: only when both a token
// and an environment are given, and never allowed to change what happens to the alias. The
// alias is the deployment; a GitHub hiccup is a warning, not a failure.
import { errorText } from '../core/error-text.js';
import type { DeploymentState } from './github.js';
import type { Reporter } from './report.js';

export interface StatusTarget {
  githubToken?: string;
  environment?: string;
}

/**
 * What became of the status, for the summary: posted (with the deployment id), not posted
 * (with why), or undefined when there was nothing to post to.
 */
export async function postDeploymentStatus(
  reporter: Reporter,
  where: StatusTarget,
  state: DeploymentState,
  description: string,
): Promise<string | undefined> {
  if (!where.githubToken || !where.environment) return undefined;
  try {
    // Octokit loads only when a status is to be posted.
    const { setDeploymentStatus } = await import('./github.js');
    const id = await setDeploymentStatus(where.githubToken, where.environment, state, description);
    reporter.info(`Marked deployment ${id} in ${where.environment} as ${state}.`);
    return `${state} (deployment ${id} in ${where.environment})`;
  } catch (error) {
    reporter.warning(
      `Could not mark the GitHub deployment in ${where.environment} as ${state}: ${errorText(error)}`,
      'Deployment status',
    );
    return `not marked: ${errorText(error)}`;
  }
}
