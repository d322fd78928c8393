// The bundles are built against a copy of @actions/core whose OIDC client loads on the first
// getIDToken, and @actions/exec on the first platform.getDetails (.github/scripts/lazy-core.mjs).
// core's own functions must still work through them: the copy is imported natively, as the
// bundle's chunks would be, and asked for a token from a stand-in for the runner's token
// service, and for the platform's details. That the client stays out of the entries is
// test/smoke/bundles.test.ts's to check, on the bundles themselves.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../harness/runner.js';

const run = promisify(execFile);
let server: Server;
let url = '';
let scratch = '';
const requests: { url?: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url, auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: 'id-token-from-stand-in' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
  // Inside the repository, as the build's: the copy's imports resolve from its node_modules.
  mkdirSync(join(REPO_ROOT, '.build'), { recursive: true });
  scratch = mkdtempSync(join(REPO_ROOT, '.build', 'test-'));
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

/** Prepares the copy, imports its core.js, then runs `body` (an async function body). */
async function inChild(body: string): Promise<string> {
  const script = `
    import { prepareLazyCore } from ${JSON.stringify(join(REPO_ROOT, '.github/scripts/lazy-core.mjs'))};
    prepareLazyCore(${JSON.stringify(REPO_ROOT)}, ${JSON.stringify(scratch)});
    const core = await import(${JSON.stringify(join(scratch, 'actions-core/lib/core.js'))});
    ${body}
  `;
  const env = {
    PATH: process.env.PATH ?? '',
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
  };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env,
    cwd: REPO_ROOT,
  });
  return stdout;
}

describe('the lazy copy of @actions/core', () => {
  it("answers core's getIDToken through the real client, loaded on first use", async () => {
    const out = await inChild(`
      const token = await core.getIDToken('sts.amazonaws.com');
      console.log(JSON.stringify({ token }));
    `);
    expect(out).toContain('::add-mask::id-token-from-stand-in');
    expect(out).toContain('{"token":"id-token-from-stand-in"}');
    expect(requests).toEqual([
      { url: '/token?api-version=2.0&audience=sts.amazonaws.com', auth: 'Bearer request-token' },
    ]);
  });

  it("answers core's platform.getDetails through the real @actions/exec, loaded on first use", async () => {
    const out = await inChild(`
      const details = await core.platform.getDetails().catch((error) => ({ error: error.message }));
      console.log(JSON.stringify(details));
    `);
    const details = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    // Where lsb_release is missing, exec's own error proves the call reached it.
    if ('error' in details) expect(details.error).toMatch(/lsb_release/);
    else expect(details).toMatchObject({ platform: process.platform, arch: process.arch });
  });
});
