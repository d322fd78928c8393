// Bundles every action entry point with ncc: src/<action>/index.ts -> dist/<action>/index.js,
// and src/<action>/post.ts -> dist/<action>/post/index.js where the action has a post step.
// The list comes from actions/*/action.yml so a new action cannot be forgotten.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
  }
  console.log(`built dist/${action}`);
}
