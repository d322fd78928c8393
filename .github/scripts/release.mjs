// What the release workflow decides before it tags anything, as plain functions over the
// repository's text (tested in test/release/release.test.ts), and a small CLI around them:
//   node .github/scripts/release.mjs plan 1.2.0   -> prints tag, major and whether it moves
//   node .github/scripts/release.mjs notes 1.2.0  -> prints the CHANGELOG section
// A release is refused, naming why, unless the version is semantic, package.json says the
// same version and CHANGELOG.md has a dated section for it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

export class ReleaseRefused extends Error {
  name = 'ReleaseRefused';
}

/** The CHANGELOG section of `version` (the text under `## [version] - YYYY-MM-DD`), or undefined. */
export function changelogSection(changelog, version) {
  const lines = changelog.split('\n');
  const heading = new RegExp(
    `^## \\[${version.replace(/[.+]/g, '\\$&')}\\] - (\\d{4}-\\d{2}-\\d{2})\\s*$`,
  );
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
  return { date: heading.exec(lines[start])[1], body };
}

/**
 * The tags a release of `version` makes: `v<version>`, and the moving major tag (`v1`)
 * unless it is a pre-release, which users of `@v1` must never get by accident.
 */
export function releasePlan(version, { packageVersion, changelog }) {
  const match = SEMVER.exec(version);
  if (!match)
    throw new ReleaseRefused(
      `'${version}' is not a semantic version such as 1.2.0 or 1.3.0-rc.1 (no leading v).`,
    );
  if (packageVersion !== version)
    throw new ReleaseRefused(
      `package.json says ${packageVersion}, not ${version}: set "version" to ${version} and commit it first.`,
    );
  const section = changelogSection(changelog, version);
  if (!section)
    throw new ReleaseRefused(
      `CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD": move the Unreleased notes under it and commit it first.`,
    );
  if (!section.body)
    throw new ReleaseRefused(`CHANGELOG.md's section for ${version} is empty: say what changed.`);
  const prerelease = match[4] !== undefined;
  return {
    tag: `v${version}`,
    major: prerelease ? undefined : `v${match[1]}`,
    prerelease,
    notes: section.body,
  };
}

function main([command, version]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const read = (file) => readFileSync(`${root}${file}`, 'utf8');
  const plan = releasePlan(version ?? '', {
    packageVersion: JSON.parse(read('package.json')).version,
    changelog: read('CHANGELOG.md'),
  });
  if (command === 'notes') process.stdout.write(`${plan.notes}\n`);
  else if (command === 'plan')
    process.stdout.write(
      `tag=${plan.tag}\nmajor=${plan.major ?? ''}\nprerelease=${plan.prerelease}\n`,
    );
  else throw new ReleaseRefused(`unknown command '${command}': plan or notes`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
