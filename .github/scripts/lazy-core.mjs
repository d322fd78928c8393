// @actions/core 3 imports two things statically that a step seldom or never uses: its OIDC
// client, and with it @actions/http-client and undici (about 0.9 MB of a 1.4 MB entry before
// minifying), and, for platform.getDetails, @actions/exec with @actions/io (child_process,
// net and dgram loaded at start, ~2 MiB on Node 24). ncc keeps every module an entry imports,
// used or not. getIDToken and getDetails must keep working, so the bundles are built against a
// copy of core's own files, byte for byte, except that
// - lib/oidc-utils.js is a forwarder to the real one (renamed oidc-client.js), imported on the
//   first getIDToken;
// - @actions/exec resolves, for the copy alone, to a forwarder (in the copy's node_modules)
//   that imports the real package on the first call;
// and ncc emits what they import as chunks. ncc alone sees the copy, through a tsconfig paths
// mapping named by TS_NODE_PROJECT in its environment; tsc, jest and tsx resolve
// @actions/core as before.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Text the entry holds only if the OIDC client is in it: the client's user agent. */
export const OIDC_MARKER = 'actions/oidc-client';
/** Text the entry holds only if @actions/exec is in it: an error message of its runner. */
export const EXEC_MARKER = "Parameter 'toolPath' cannot be null or empty.";

const OIDC_FORWARDER = `// Written by .github/scripts/lazy-core.mjs: core's OIDC client, loaded on first use.
export class OidcClient {
  static async getIDToken(audience) {
    const { OidcClient } = await import('./oidc-client.js');
    return OidcClient.getIDToken(audience);
  }
}
`;

const execForwarder = (
  real,
) => `// Written by .github/scripts/lazy-core.mjs: @actions/exec, loaded on first use.
const load = () => import(${JSON.stringify(real)});
export async function exec(...args) {
  return (await load()).exec(...args);
}
export async function getExecOutput(...args) {
  return (await load()).getExecOutput(...args);
}
`;

/** The files of a package that ncc's licenses.txt is built from. */
const licensed = (dir) => readdirSync(dir).filter((f) => /^(package\.json|licen[cs]e)/i.test(f));

/** Every `name.member` in `text`, in order: what a module uses of an import. */
const uses = (text, name) => text.match(new RegExp(`\\b${name}\\b[.\\w]*`, 'g')) ?? [];

/**
 * Writes the copy under `dir` (inside the repository, so that the copy's other imports,
 * @actions/http-client in the OIDC client, resolve to the same packages as core's do) and
 * returns the tsconfig to hand ncc.
 */
export function prepareLazyCore(root, dir) {
  const coreDir = join(root, 'node_modules/@actions/core');
  const execDir = join(root, 'node_modules/@actions/exec');
  // A dependency nested under core would resolve differently from the copy.
  if (existsSync(join(coreDir, 'node_modules')))
    throw new Error('@actions/core has its own node_modules: the copy would not resolve alike');
  const lib = join(coreDir, 'lib');
  // Each forwarder has only what core uses, and core uses it only from async functions.
  const oidc = uses(readFileSync(join(lib, 'core.js'), 'utf8'), 'OidcClient');
  if (oidc.join(' ') !== 'OidcClient OidcClient.getIDToken')
    throw new Error(`@actions/core uses its OIDC client as ${oidc.join(', ')}: see lazy-core.mjs`);
  const platform = readFileSync(join(lib, 'platform.js'), 'utf8');
  const exec = uses(platform, 'exec').filter((u) => u !== 'exec');
  if (
    !platform.includes("import * as exec from '@actions/exec';") ||
    exec.some((u) => u !== 'exec.getExecOutput') ||
    readdirSync(lib).some(
      (f) =>
        f.endsWith('.js') &&
        f !== 'platform.js' &&
        readFileSync(join(lib, f), 'utf8').includes('@actions/exec'),
    )
  )
    throw new Error(
      `@actions/core uses @actions/exec otherwise than platform.js did: see lazy-core.mjs`,
    );

  const out = join(dir, 'actions-core');
  mkdirSync(join(out, 'lib'), { recursive: true });
  for (const file of licensed(coreDir)) copyFileSync(join(coreDir, file), join(out, file));
  for (const file of readdirSync(lib).filter((f) => f.endsWith('.js')))
    copyFileSync(
      join(lib, file),
      join(out, 'lib', file === 'oidc-utils.js' ? 'oidc-client.js' : file),
    );
  writeFileSync(join(out, 'lib', 'oidc-utils.js'), OIDC_FORWARDER);

  const forwarder = join(out, 'node_modules', '@actions', 'exec');
  mkdirSync(forwarder, { recursive: true });
  for (const file of licensed(execDir)) copyFileSync(join(execDir, file), join(forwarder, file));
  const pkg = JSON.parse(readFileSync(join(execDir, 'package.json'), 'utf8'));
  const exports = { '.': { import: './index.js' } };
  writeFileSync(
    join(forwarder, 'package.json'),
    JSON.stringify({ ...pkg, main: './index.js', exports }),
  );
  writeFileSync(join(forwarder, 'index.js'), execForwarder(join(execDir, 'lib', 'exec.js')));

  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '@actions/core': ['./actions-core/lib/core.js'] } },
    }),
  );
  return tsconfig;
}
