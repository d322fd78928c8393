// Generates the inputs and outputs tables of README.md from actions/*/action.yml, between
// `<!-- action-docs:<name> -->` and `<!-- /action-docs:<name> -->` markers, so the README
// cannot drift from what the runner reads. `--check` fails instead of writing.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;

const cell = (text) =>
  String(text ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

export function actionTables(actionYml) {
  const action = parse(actionYml);
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

export function renderReadme(readme) {
  let out = readme;
  for (const name of readdirSync(join(root, 'actions'))) {
    const file = join(root, 'actions', name, 'action.yml');
    if (!existsSync(file)) continue;
    const open = `<!-- action-docs:${name} -->`;
    const close = `<!-- /action-docs:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) continue;
    out = `${out.slice(0, start + open.length)}\n${actionTables(readFileSync(file, 'utf8'))}\n${out.slice(end)}`;
  }
  return out;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const rendered = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.error('README.md action tables are stale: run `npm run docs`.');
      process.exit(1);
    }
  } else {
    writeFileSync(path, rendered);
  }
}
