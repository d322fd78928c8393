// Releases: what the release workflow refuses before it tags anything, and the order it
// does things in (every check passes before any tag exists; v1 moves only for a release).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
// @ts-expect-error: a plain ESM script without types, run by the release workflow.
import { changelogSection, releasePlan } from '../../.github/scripts/release.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHANGELOG = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- next thing',
  '',
  '## [1.1.0] - 2027-02-01',
  '',
  '### Added',
  '',
  '- cells of several functions',
  '',
  '## [1.0.0] - 2027-01-10',
  '',
  '- first release',
  '',
  '## [0.9.0-rc.1] - 2027-01-02',
  '',
  '- candidate',
].join('\n');

describe('releasePlan', () => {
  it('tags v<version> and moves the major tag, with the CHANGELOG section as notes', () => {
    expect(releasePlan('1.1.0', { packageVersion: '1.1.0', changelog: CHANGELOG })).toEqual({
      tag: 'v1.1.0',
      major: 'v1',
      prerelease: false,
      notes: '### Added\n\n- cells of several functions',
    });
  });

  it('never moves the major tag for a pre-release', () => {
    expect(
      releasePlan('0.9.0-rc.1', { packageVersion: '0.9.0-rc.1', changelog: CHANGELOG }),
    ).toMatchObject({ tag: 'v0.9.0-rc.1', major: undefined, prerelease: true });
  });

  it.each([
    ['v1.1.0', '1.1.0', /'v1.1.0' is not a semantic version such as 1.2.0/],
    ['1.1', '1.1', /'1.1' is not a semantic version/],
    ['01.1.0', '01.1.0', /not a semantic version/],
    ['1.1.0', '1.0.0', /package.json says 1.0.0, not 1.1.0/],
    ['1.2.0', '1.2.0', /CHANGELOG.md has no section "## \[1.2.0\] - YYYY-MM-DD"/],
  ])('refuses %s (package.json %s)', (version, packageVersion, why) => {
    expect(() => releasePlan(version, { packageVersion, changelog: CHANGELOG })).toThrow(why);
  });

  it('refuses a section that says nothing, and the Unreleased section', () => {
    const empty = '## [2.0.0] - 2027-03-01\n\n## [1.0.0] - 2027-01-10\n- x';
    expect(() => releasePlan('2.0.0', { packageVersion: '2.0.0', changelog: empty })).toThrow(
      /section for 2.0.0 is empty/,
    );
    expect(changelogSection(CHANGELOG, 'Unreleased')).toBeUndefined();
  });

  it('reads this repository’s CHANGELOG: an Unreleased section until the first release', () => {
    const changelog = readFileSync(`${ROOT}CHANGELOG.md`, 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      version: string;
    };
    // Either not released yet, or the package's version has its dated section.
    if (!changelogSection(changelog, version)) expect(version).toBe('0.1.0');
  });
});

describe('release.yml', () => {
  const workflow = parse(readFileSync(`${ROOT}.github/workflows/release.yml`, 'utf8')) as {
    on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } };
    permissions: Record<string, string>;
    jobs: Record<
      string,
      {
        if?: string;
        permissions: Record<string, string>;
        steps: { name?: string; run?: string; uses?: string; if?: string }[];
      }
    >;
  };
  const job = workflow.jobs.release;
  const index = (match: (s: (typeof job.steps)[number]) => boolean) => job.steps.findIndex(match);
  const tagged = index((s) => /git\/refs" -f "ref=refs\/tags\/\$TAG"/.test(s.run ?? ''));

  it('runs from main only, by hand, with the version as its one input', () => {
    expect(workflow.on.workflow_dispatch.inputs.version.required).toBe(true);
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write' });
    // Only this job writes; nothing else in the workflow gets a token that can.
  });

  it('passes the plan, the tests, the contract tests and check-dist before any tag is made', () => {
    expect(tagged).toBeGreaterThan(0);
    for (const run of [
      'node .github/scripts/release.mjs plan',
      'npm test',
      'npm run test:contract',
      'npm run check-dist',
    ]) {
      const at = index((s) => (s.run ?? '').includes(run));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(tagged);
    }
  });

  it('refuses a version that is already tagged, and moves the major tag last, never for a pre-release', () => {
    const refuse = index((s) => s.name === 'Refuse a version already released');
    expect(refuse).toBeLessThan(tagged);
    const move = job.steps.findIndex((s) => s.name === 'Move the major tag');
    expect(move).toBe(job.steps.length - 1);
    expect(job.steps[move].if).toBe("steps.plan.outputs.major != ''");
  });
});
