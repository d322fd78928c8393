// @actions/core 3 imports its OIDC client statically, and with it @actions/http-client and
// undici: about 0.9 MB of a 1.4 MB entry before minifying, parsed and run before the first
// line of every step. ncc keeps every module an entry imports, used or not. The suite never
// asks for an ID token, yet core's getIDToken must keep working, so the bundles are built
// against a copy of core's own files, byte for byte, except oidc-utils.js: a forwarder that
// imports the real one (renamed oidc-client.js) on the first getIDToken, which ncc then
// emits as a chunk. ncc alone sees the copy, through a tsconfig paths mapping named by
// TS_NODE_PROJECT in its environment; tsc, jest and tsx resolve @actions/core as before.
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

const FORWARDER = `// Written by .github/scripts/lazy-oidc.mjs: core's OIDC client, loaded on first use.
export class OidcClient {
  static async getIDToken(audience) {
    const { OidcClient } = await import('./oidc-client.js');
    return OidcClient.getIDToken(audience);
  }
}
`;

/**
 * Writes the copy under `dir` (inside the repository, so that the copy's own imports,
 * @actions/http-client and @actions/exec, resolve to the same packages as core's do) and
 * returns the tsconfig to hand ncc.
 */
export function prepareLazyOidc(root, dir) {
  const coreDir = join(root, 'node_modules/@actions/core');
  // A dependency nested under core would resolve differently from the copy.
  if (existsSync(join(coreDir, 'node_modules')))
    throw new Error('@actions/core has its own node_modules: the copy would not resolve alike');
  const lib = join(coreDir, 'lib');
  const core = readFileSync(join(lib, 'core.js'), 'utf8');
  // The forwarder has only getIDToken: core must use nothing else of the client.
  const uses = core.match(/\bOidcClient\b[.\w]*/g) ?? [];
  if (uses.join(' ') !== 'OidcClient OidcClient.getIDToken')
    throw new Error(`@actions/core uses its OIDC client as ${uses.join(', ')}: see lazy-oidc.mjs`);
  const out = join(dir, 'actions-core');
  mkdirSync(join(out, 'lib'), { recursive: true });
  // package.json and the licence: ncc's licenses.txt is built from them.
  for (const file of readdirSync(coreDir).filter((f) => /^(package\.json|licen[cs]e)/i.test(f)))
    copyFileSync(join(coreDir, file), join(out, file));
  for (const file of readdirSync(lib).filter((f) => f.endsWith('.js')))
    copyFileSync(
      join(lib, file),
      join(out, 'lib', file === 'oidc-utils.js' ? 'oidc-client.js' : file),
    );
  writeFileSync(join(out, 'lib', 'oidc-utils.js'), FORWARDER);
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '@actions/core': ['./actions-core/lib/core.js'] } },
    }),
  );
  return tsconfig;
}
