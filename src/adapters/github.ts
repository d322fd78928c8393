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

/** A GitHub call that has not answered in this long is hung: the deployment must not wait on it. */
export const GITHUB_TIMEOUT_MS = 10_000;

/**
 * Octokit for one call: ended by the job's cancel or after GITHUB_TIMEOUT_MS, whichever
 * first. Octokit logs deprecation notices (text from GitHub's response headers) with
 * console.warn, past the runner adapter: its log goes through the adapter instead.
 */
function client(token: string, signal?: AbortSignal) {
  const timeout = AbortSignal.timeout(GITHUB_TIMEOUT_MS);
  const quiet = (): void => undefined;
  const log = (message: string): void => info(`GitHub: ${message}`);
  return github.getOctokit(token, {
    log: { debug: quiet, info: quiet, warn: log, error: log },
    request: { signal: signal ? AbortSignal.any([signal, timeout]) : timeout },
  });
}

function repo(): { owner: string; repo: string } {
  const [owner, name] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  return { owner, repo: name };
}

export async function openIssuesWithLabel(
  token: string,
  label: string,
  signal?: AbortSignal,
): Promise<BlockingIssue[]> {
  const octokit = client(token, signal);
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
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
  signal?: AbortSignal,
): Promise<number> {
  const octokit = client(token, signal);
  const sha = process.env.GITHUB_SHA ?? '';
  const existing = await octokit.rest.repos.listDeployments({
    ...repo(),
    environment,
    sha,
    per_page: 1,
  });
  const id =
    existing.data[0]?.id ??
    (
      (await octokit.rest.repos.createDeployment({
        ...repo(),
        ref: sha || process.env.GITHUB_REF || 'HEAD',
        environment,
        auto_merge: false,
        required_contexts: [],
      })) as { data: { id: number } }
    ).data.id;
  await octokit.rest.repos.createDeploymentStatus({
    ...repo(),
    deployment_id: id,
    state,
    description: description.slice(0, DEPLOYMENT_DESCRIPTION_MAX),
    log_url: runUrl(),
    environment,
  });
  return id;
}
