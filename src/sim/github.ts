/**
 * The few GitHub REST calls the suite makes: deployments, their statuses, and open issues
 * by label (deploy blockers). Records what it was sent; of the Authorization header only
 * its presence, never its value.
 */
export interface GitHubRequestRecord {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: boolean;
}

export interface Deployment {
  id: number;
  owner: string;
  repo: string;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  created_at: string;
  statuses: DeploymentStatus[];
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment_url?: string;
  log_url?: string;
  created_at: string;
}

export interface Issue {
  number: number;
  title: string;
  labels: string[];
  state: 'open' | 'closed';
  html_url?: string;
}

export interface GitHubResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
/** GitHub truncates nothing: it refuses a status description over 140 characters. */
export const MAX_STATUS_DESCRIPTION = 140;

export class GitHubSim {
  readonly requests: GitHubRequestRecord[] = [];
  readonly deployments: Deployment[] = [];
  readonly issues = new Map<string, Issue[]>();
  private nextId = 1;

  constructor(
    private now: () => number,
    private baseUrl: () => string,
  ) {}

  addIssue(ownerRepo: string, issue: Omit<Issue, 'state'> & { state?: Issue['state'] }): void {
    const list = this.issues.get(ownerRepo) ?? [];
    list.push({ state: 'open', ...issue });
    this.issues.set(ownerRepo, list);
  }

  handle(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    authorization: boolean,
  ): GitHubResponse {
    this.requests.push({ time: this.now(), method, path, query, body, authorization });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(deployments|issues)(?:\/(\d+)\/(statuses))?\/?$/.exec(
      path,
    );
    if (!m) return notFound();
    const [, owner, repo, kind, id, statuses] = m as unknown as string[];
    const iso = new Date(this.now()).toISOString();
    if (kind === 'issues' && method === 'GET') return this.listIssues(`${owner}/${repo}`, query);
    if (kind !== 'deployments') return notFound();
    if (!statuses && method === 'POST') {
      const b = (body ?? {}) as Record<string, unknown>;
      if (!b.ref)
        return {
          status: 422,
          body: { message: 'Validation Failed', errors: [{ field: 'ref', code: 'missing_field' }] },
        };
      const d: Deployment = {
        id: this.nextId++,
        owner: owner!,
        repo: repo!,
        ref: String(b.ref),
        sha: String(b.sha ?? b.ref),
        task: String(b.task ?? 'deploy'),
        environment: String(b.environment ?? 'production'),
        description: (b.description as string | undefined) ?? null,
        payload: b.payload ?? {},
        created_at: iso,
        statuses: [],
      };
      this.deployments.push(d);
      return { status: 201, body: this.deploymentWire(d) };
    }
    if (!statuses && method === 'GET') {
      const list = this.deployments
        .filter((d) => d.owner === owner && d.repo === repo)
        .filter((d) => !query.environment || d.environment === query.environment)
        .filter((d) => !query.ref || d.ref === query.ref)
        .reverse();
      return this.paged(
        list.map((d) => this.deploymentWire(d)),
        query,
        path,
      );
    }
    const d = this.deployments.find(
      (x) => x.id === Number(id) && x.owner === owner && x.repo === repo,
    );
    if (!d) return notFound();
    if (method === 'POST') {
      const b = (body ?? {}) as Record<string, unknown>;
      const description = String(b.description ?? '');
      if (!STATES.includes(String(b.state)) || description.length > MAX_STATUS_DESCRIPTION) {
        return {
          status: 422,
          body: { message: 'Validation Failed', errors: [{ resource: 'DeploymentStatus' }] },
        };
      }
      const s: DeploymentStatus = {
        id: this.nextId++,
        state: String(b.state),
        description,
        ...(b.environment_url ? { environment_url: String(b.environment_url) } : {}),
        ...(b.log_url ? { log_url: String(b.log_url) } : {}),
        created_at: iso,
      };
      d.statuses.push(s);
      return { status: 201, body: { ...s, url: `${this.deploymentUrl(d)}/statuses/${s.id}` } };
    }
    return this.paged([...d.statuses].reverse(), query, path);
  }

  private listIssues(key: string, query: Record<string, string>): GitHubResponse {
    const labels = (query.labels ?? '').split(',').filter(Boolean);
    const state = query.state ?? 'open';
    const list = (this.issues.get(key) ?? [])
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.includes(l)))
      .map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) }));
    return this.paged(list, query, `/repos/${key}/issues`);
  }

  /** GitHub's paging: per_page (max 100) and page, with a Link header naming the next page. */
  private paged(list: unknown[], query: Record<string, string>, path: string): GitHubResponse {
    const perPage = Math.min(100, Number(query.per_page ?? 30) || 30);
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const body = list.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < list.length) {
      const next = new URLSearchParams({
        ...query,
        per_page: String(perPage),
        page: String(page + 1),
      });
      const last = new URLSearchParams({
        ...query,
        per_page: String(perPage),
        page: String(Math.ceil(list.length / perPage)),
      });
      headers.link = `<${this.baseUrl()}${path}?${next}>; rel="next", <${this.baseUrl()}${path}?${last}>; rel="last"`;
    }
    return { status: 200, body, headers };
  }

  private deploymentUrl(d: Deployment): string {
    return `${this.baseUrl()}/repos/${d.owner}/${d.repo}/deployments/${d.id}`;
  }

  private deploymentWire(d: Deployment): unknown {
    const { statuses: _s, owner: _o, repo: _r, ...rest } = d;
    return {
      ...rest,
      url: this.deploymentUrl(d),
      statuses_url: `${this.deploymentUrl(d)}/statuses`,
    };
  }
}

function notFound(): GitHubResponse {
  return {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
  };
}
