// Bundles every action entry point with ncc: src/<action>/index.ts -> dist/<action>/index.js,
// and src/<action>/post.ts -> dist/<action>/post/index.js where the action has a post step.
// The list comes from actions/*/action.yml so a new action cannot be forgotten. Chunks ncc
// emits beside an entry are minified here (see minifyChunks).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
const only = process.argv.slice(2);

for (const action of actions) {
  if (only.length > 0 && !only.includes(action)) continue;
  const entries = [['index.ts', join('dist', action)]];
  if (existsSync(join(root, 'src', action, 'post.ts')))
    entries.push(['post.ts', join('dist', action, 'post')]);
  rmSync(join(root, 'dist', action), { recursive: true, force: true });
  for (const [file, out] of entries) {
    // -t: tsc --noEmit type-checks once for the whole tree; ncc only transpiles.
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        join('src', action, file),
        '-o',
        out,
        '-m',
        '-t',
        '-q',
        '--license',
        'licenses.txt',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    await minifyChunks(join(root, out));
  }
  console.log(`built dist/${action}`);
}

/**
 * ncc minifies the entry only; the chunks it emits for `await import()` (the AWS SDK,
 * Octokit, holiday data) stay as webpack wrote them, twice the size to read and parse.
 * Minified the way ncc minifies the entry: whitespace and local names, function and class
 * names kept (errors and SDK classes are told apart by name), nothing else rewritten.
 */
async function minifyChunks(dir) {
  for (const file of readdirSync(dir)) {
    if (file === 'index.js' || !file.endsWith('.js')) continue;
    const path = join(dir, file);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      format: 'esm',
      target: 'node20',
      minifyWhitespace: true,
      minifyIdentifiers: true,
      keepNames: true,
    });
    writeFileSync(path, code);
  }
}
