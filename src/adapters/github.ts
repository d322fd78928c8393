// Thin GitHub adapter: blocker issues and deployment statuses. The token is masked by the
// caller (secretInput) before it reaches here; it is never logged.
import * as github from '@actions/github';
import { info, runUrl } from './runner.js';

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
/** GitHub caps a deployment status description at 140 characters. */
export const DEPLOYMENT_DESCRIPTION_MAX = 140;

export interface BlockingIssue {
  number: number;
  title: string;
  url: string;
}

/**
 * Octokit logs deprecation notices (text from GitHub's response headers) with console.warn,
 * past the runner adapter: its log goes through the adapter instead, like every other line.
 */
function octokit(token: string): ReturnType<typeof github.getOctokit> {
  const quiet = (): void => undefined;
  const log = (message: string): void => info(`GitHub: ${message}`);
  return github.getOctokit(token, { log: { debug: quiet, info: quiet, warn: log, error: log } });
}

function repo(): { owner: string; repo: string } {
  const [owner, name] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  return { owner, repo: name };
}

export async function openIssuesWithLabel(token: string, label: string): Promise<BlockingIssue[]> {
  const client = octokit(token);
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...repo(),
    state: 'open',
    labels: label,
    per_page: 100,
  });
  // The issues API also lists pull requests; a labelled PR blocks just the same.
  return issues.map((i) => ({ number: i.number, title: i.title, url: i.html_url }));
}

/**
 * Posts a status on the deployment GitHub already made for this job's environment (a job
 * with `environment:` creates one); creates one only when none exists, so there is never a
 * duplicate.
 */
export async function setDeploymentStatus(
  token: string,
  environment: string,
  state: DeploymentState,
  description: string,
): Promise<number> {
  const client = octokit(token);
  const sha = process.env.GITHUB_SHA ?? '';
  const existing = await client.rest.repos.listDeployments({
    ...repo(),
    environment,
    sha,
    per_page: 1,
  });
  const id =
    existing.data[0]?.id ??
    (
      (await client.rest.repos.createDeployment({
        ...repo(),
        ref: sha || process.env.GITHUB_REF || 'HEAD',
        environment,
        auto_merge: false,
        required_contexts: [],
      })) as { data: { id: number } }
    ).data.id;
  await client.rest.repos.createDeploymentStatus({
    ...repo(),
    deployment_id: id,
    state,
    description: description.slice(0, DEPLOYMENT_DESCRIPTION_MAX),
    log_url: runUrl(),
    environment,
  });
  return id;
}
