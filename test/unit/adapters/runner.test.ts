// The runner adapter (src/adapters/runner.ts) speaks the runner's protocol through
// @actions/core. Here its output is held to the protocol as the runner reads it, written
// out literally, on values built to break it: %, CR, LF, ':' and ',' in messages and titles,
// multi-line outputs, inputs with spaces. If a change of @actions/core changed what reaches
// the runner, this fails.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as runner from '../../../src/adapters/runner.js';
import { forgetStepPosition } from '../../../src/adapters/step-position.js';
import { parseKeyValueFile } from '../../harness/runner-files.js';

const NASTY = 'line 1: 50% done,\r\nline 2 :: ::error::injected %0A';

let dir: string;
const saved = { ...process.env };
const exitCode = process.exitCode;

/** What `write` puts on stdout, captured without printing it. */
async function stdoutOf(write: () => unknown): Promise<string> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await write();
  } finally {
    process.stdout.write = original;
  }
  return chunks.join('');
}

/** A fresh, empty file named by `variable`, as the runner creates one per step. */
function freshFile(variable: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  process.env[variable] = path;
  return path;
}

/** The file's text with each random heredoc delimiter replaced, so two writes compare. */
function withoutDelimiters(path: string): string {
  return readFileSync(path, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-protocol-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...saved };
  process.exitCode = exitCode;
});

describe('log lines and workflow commands, as the runner reads them', () => {
  it('writes a log line as it is when no line of it could start a command', async () => {
    expect(await stdoutOf(() => runner.info(NASTY))).toBe(`${NASTY}\n`);
  });

  it.each(['error', 'warning', 'notice'] as const)(
    'escapes a %s annotation and its title so no value can start another command',
    async (kind) => {
      const title = 'Deploy blocked: alarm, 100%';
      expect(await stdoutOf(() => runner.annotate(kind, NASTY, { title }))).toBe(
        `::${kind} title=Deploy blocked%3A alarm%2C 100%25::line 1: 50%25 done,%0D%0Aline 2 :: ::error::injected %250A\n`,
      );
    },
  );

  it('leaves out a title that is not given', async () => {
    expect(await stdoutOf(() => runner.annotate('warning', 'w'))).toBe('::warning::w\n');
    expect(await stdoutOf(() => runner.annotate('warning', 'w', { title: '' }))).toBe(
      '::warning::w\n',
    );
  });

  it('masks a secret with add-mask, escaped', async () => {
    expect(await stdoutOf(() => runner.setSecret('ghs_a%b\nc'))).toBe(
      '::add-mask::ghs_a%25b%0Ac\n',
    );
  });

  it('fails the step: an error annotation and exit code 1', async () => {
    const out = await stdoutOf(() => runner.setFailed('it broke: 5% of calls'));
    expect(out).toBe('::error::it broke: 5%25 of calls\n');
    expect(process.exitCode).toBe(1);
  });

  it('writes debug lines as one escaped command, and says whether they are shown', async () => {
    expect(await stdoutOf(() => runner.debug('poll 3\n::error::x'))).toBe(
      '::debug::poll 3%0A::error::x\n',
    );
    delete process.env.RUNNER_DEBUG;
    expect(runner.isDebug()).toBe(false);
    process.env.RUNNER_DEBUG = '1';
    expect(runner.isDebug()).toBe(true);
  });

  it('opens and closes a group on one line, whatever its title holds', async () => {
    expect(
      await stdoutOf(() => {
        runner.startGroup('Step 2: 25%\n::error::x');
        runner.endGroup();
      }),
    ).toBe('::group::Step 2: 25%25 ::error::x\n::endgroup::\n');
  });
});

describe('inputs and state, as the runner passes them', () => {
  it('reads INPUT_<NAME>: upper-cased, spaces to _, hyphens kept, trimmed', () => {
    process.env['INPUT_FUNCTION-NAME'] = '  orders-api \n';
    process.env.INPUT_MY_INPUT = ' x ';
    expect(runner.getInput('function-name')).toBe('orders-api');
    expect(runner.getInput('Function-Name')).toBe('orders-api');
    expect(runner.getInput('my input')).toBe('x');
    expect(runner.getInput('absent')).toBe('');
  });

  it('reads STATE_<name> as the post step gets it', () => {
    process.env.STATE_deployment = '{"a":1}';
    expect(runner.getState('deployment')).toBe('{"a":1}');
    expect(runner.getState('missing')).toBe('');
  });
});

describe('file commands, as the runner reads them', () => {
  it.each([
    ['GITHUB_OUTPUT', runner.setOutput],
    ['GITHUB_STATE', runner.saveState],
  ] as const)('appends %s in the heredoc form, multi-line values intact', (variable, write) => {
    const file = freshFile(variable, 'file');
    write('decision-log', NASTY);
    write('status', 'succeeded');
    expect(withoutDelimiters(file)).toBe(
      `decision-log<<DELIMITER\n${NASTY}\nDELIMITER\nstatus<<DELIMITER\nsucceeded\nDELIMITER\n`,
    );
    // The runner reads the file line by line, so a CR inside a value does not survive it.
    expect(parseKeyValueFile(readFileSync(file, 'utf8'))).toEqual({
      'decision-log': NASTY.replace('\r', ''),
      status: 'succeeded',
    });
  });

  it('without the files (outside a runner) prints the old commands', async () => {
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STATE;
    expect(await stdoutOf(() => runner.setOutput('blocked', 'true'))).toBe(
      '\n::set-output name=blocked::true\n',
    );
    expect(await stdoutOf(() => runner.saveState('blocked', 'true'))).toBe(
      '::save-state name=blocked::true\n',
    );
  });

  it('refuses a file the runner did not create', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing');
    expect(() => runner.setOutput('a', 'b')).toThrow(/Missing file at path/);
  });

  it('appends to the job summary, each piece on its own line', async () => {
    const file = freshFile('GITHUB_STEP_SUMMARY', 'summary');
    expect(await runner.appendSummary('## Verdict\n\n| a | b |\n')).toBe(true);
    expect(await runner.appendSummary('more')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('## Verdict\n\n| a | b |\n\nmore\n');
  });

  it('has no summary to append to outside a runner', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(await runner.appendSummary('x')).toBe(false);
  });
});

describe('the run context', () => {
  it('links the run on its own server, and nothing outside a run', () => {
    process.env.GITHUB_REPOSITORY = 'acme/orders';
    process.env.GITHUB_RUN_ID = '42';
    process.env.GITHUB_SERVER_URL = 'https://ghe.example.com';
    expect(runner.runUrl()).toBe('https://ghe.example.com/acme/orders/actions/runs/42');
    delete process.env.GITHUB_RUN_ID;
    expect(runner.runUrl()).toBeUndefined();
  });
});

describe('the position of annotations', () => {
  const argv = process.argv[1];
  // Looked for once per process: the tests above have looked already.
  beforeEach(() => forgetStepPosition());
  afterEach(() => {
    process.argv[1] = argv;
    forgetStepPosition();
  });

  /** A runner's context for dist/rollback/index.js with the workflow in its workspace. */
  function inWorkflow(text: string): void {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'deploy.yml'), text);
    process.argv[1] = '/runner/_actions/octo-org/safe-deploy/v1/dist/rollback/index.js';
    Object.assign(process.env, {
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'octo-org/orders',
      GITHUB_WORKFLOW_REF: 'octo-org/orders/.github/workflows/deploy.yml@refs/heads/main',
      GITHUB_JOB: 'deploy',
      GITHUB_ACTION: 'undo',
    });
  }

  const WORKFLOW = [
    'jobs:',
    '  deploy:',
    '    steps:',
    '      - id: undo',
    '        uses: octo-org/safe-deploy/actions/rollback@v1',
  ].join('\n');

  it('points annotations and the failure at the step, with a title or without', async () => {
    inWorkflow(WORKFLOW);
    expect(await stdoutOf(() => runner.annotate('warning', 'w', { title: 'T' }))).toBe(
      '::warning title=T,file=.github/workflows/deploy.yml,line=4,endLine=5::w\n',
    );
    expect(await stdoutOf(() => runner.setFailed('it broke'))).toBe(
      '::error file=.github/workflows/deploy.yml,line=4,endLine=5::it broke\n',
    );
    expect(process.exitCode).toBe(1);
  });

  it('reads the workflow once, on the first annotation', async () => {
    inWorkflow(WORKFLOW);
    await stdoutOf(() => runner.annotate('notice', 'n'));
    rmSync(join(dir, '.github'), { recursive: true });
    expect(await stdoutOf(() => runner.annotate('notice', 'n'))).toContain('line=4');
  });

  it('gives none outside a bundle of the suite', async () => {
    inWorkflow(WORKFLOW);
    process.argv[1] = argv;
    expect(await stdoutOf(() => runner.annotate('warning', 'w'))).toBe('::warning::w\n');
  });
});
