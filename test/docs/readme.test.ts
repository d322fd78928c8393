// The READMEs cannot drift from what the runner reads: the main README's tables are
// generated from each action.yml, and each action's own README names exactly its inputs
// and outputs.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
// @ts-expect-error: a plain ESM script without types, shared with `npm run docs`.
import { renderReadme } from '../../.github/scripts/action-docs.mjs';

const root = join(import.meta.dirname, '..', '..');
const actions = readdirSync(join(root, 'actions')).filter((a) =>
  existsSync(join(root, 'actions', a, 'action.yml')),
);
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README.md', () => {
  it('has a generated table for every action, and the tables are current (npm run docs)', () => {
    expect(actions.sort()).toEqual([
      'bake-and-watch',
      'check-blockers',
      'rollback',
      'shift-traffic',
    ]);
    for (const action of actions) expect(readme).toContain(`<!-- action-docs:${action} -->`);
    expect(renderReadme(readme)).toBe(readme);
  });

  it('gives the two commands a newcomer needs', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});

describe.each(actions)('actions/%s/README.md', (action) => {
  const manifest = parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  };
  const doc = readFileSync(join(root, 'actions', action, 'README.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\|\s*`([a-z0-9-]+)`/gm)].map((m) => m[1]));
  const declared = [...Object.keys(manifest.inputs ?? {}), ...Object.keys(manifest.outputs ?? {})];

  it('documents every input and output of action.yml', () => {
    expect(declared.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no input or output that action.yml lacks', () => {
    expect([...documented].filter((name) => !declared.includes(name))).toEqual([]);
  });
});

describe('inputs shift-traffic shares with bake-and-watch', () => {
  const inputsOf = (action: string) =>
    (
      parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { description: string; default?: string; required?: boolean }>;
      }
    ).inputs;
  it.each(['metrics', 'significance', 'period'])(
    '%s has the same description, default and requiredness in both action.yml',
    (name) => {
      expect(inputsOf('shift-traffic')[name]).toEqual(inputsOf('bake-and-watch')[name]);
    },
  );
});

describe('the deployment job in README.md', () => {
  const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const job = (
    parse(block) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    }
  ).jobs;
  const steps = Object.values(job).flatMap((j) => j.steps);

  it('uses every action of the suite', () => {
    const used = steps
      .map((s) => /^my-org\/safe-deploy\/actions\/([a-z-]+)@v1$/.exec(s.uses ?? '')?.[1])
      .filter((u): u is string => !!u);
    expect(used.sort()).toEqual(actions.slice().sort());
  });

  it.each(actions)(
    'gives %s only inputs its action.yml declares, and every required one',
    (action) => {
      const manifest = parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { required?: boolean }>;
      };
      for (const step of steps.filter(
        (s) => s.uses === `my-org/safe-deploy/actions/${action}@v1`,
      )) {
        const given = Object.keys(step.with ?? {});
        expect(given.filter((name) => !(name in manifest.inputs))).toEqual([]);
        const required = Object.entries(manifest.inputs)
          .filter(([, spec]) => spec.required)
          .map(([name]) => name);
        expect(required.filter((name) => !given.includes(name))).toEqual([]);
      }
    },
  );
});
