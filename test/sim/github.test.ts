import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

let sim: Simulator;
let api: string;
beforeEach(async () => {
  sim = await startSimulator();
  api = sim.env.GITHUB_API_URL!;
});
afterEach(() => sim.stop());

const post = (path: string, body: unknown, token = true) =>
  fetch(`${api}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: 'token ghs_secret' } : {}),
    },
    body: JSON.stringify(body),
  });

describe('GitHub stand-in', () => {
  it('creates deployments and statuses, lists them by environment, and records the calls', async () => {
    const created = await post('/repos/acme/orders/deployments', {
      ref: 'main',
      environment: 'prod',
      auto_merge: false,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await post('/repos/acme/orders/deployments', { ref: 'main', environment: 'staging' });
    const status = await post(`/repos/acme/orders/deployments/${id}/statuses`, {
      state: 'in_progress',
      description: 'shifting',
    });
    expect(status.status).toBe(201);

    const list = (await (
      await fetch(`${api}/repos/acme/orders/deployments?environment=prod`)
    ).json()) as { id: number }[];
    expect(list.map((d) => d.id)).toEqual([id]);
    expect(sim.github.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress']);

    const recorded = sim.github.requests[0]!;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/repos/acme/orders/deployments',
      authorization: true,
    });
    expect(JSON.stringify(sim.github.requests)).not.toContain('ghs_secret');
    expect(sim.calls.count('POST /repos/{owner}/{repo}/deployments/{id}/statuses')).toBe(1);
  });

  it('refuses an unknown state or a description over 140 characters', async () => {
    const { id } = (await (
      await post('/repos/acme/orders/deployments', { ref: 'main' })
    ).json()) as { id: number };
    expect(
      (await post(`/repos/acme/orders/deployments/${id}/statuses`, { state: 'done' })).status,
    ).toBe(422);
    expect(
      (
        await post(`/repos/acme/orders/deployments/${id}/statuses`, {
          state: 'success',
          description: 'x'.repeat(141),
        })
      ).status,
    ).toBe(422);
  });

  it('lists open issues by label with paging and a Link header', async () => {
    for (let n = 1; n <= 5; n++)
      sim.github.addIssue('acme/orders', {
        number: n,
        title: `blocker ${n}`,
        labels: ['deploy-blocker'],
      });
    sim.github.addIssue('acme/orders', {
      number: 6,
      title: 'closed',
      labels: ['deploy-blocker'],
      state: 'closed',
    });
    sim.github.addIssue('acme/orders', { number: 7, title: 'other', labels: ['bug'] });
    const first = await fetch(
      `${api}/repos/acme/orders/issues?labels=deploy-blocker&state=open&per_page=3`,
    );
    expect(((await first.json()) as unknown[]).length).toBe(3);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1]!;
    const second = (await (await fetch(next)).json()) as {
      number: number;
      labels: { name: string }[];
    }[];
    expect(second.map((i) => i.number)).toEqual([4, 5]);
    expect(second[0]!.labels).toEqual([{ name: 'deploy-blocker' }]);
  });
});
