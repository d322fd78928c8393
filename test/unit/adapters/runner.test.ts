// The suite speaks the runner's protocol itself (src/adapters/runner.ts) rather than through
// @actions/core, which costs ~70 ms at start. Here every encoding is held to @actions/core's,
// byte for byte, on values built to break it: %, CR, LF, ':' and ',' in messages and titles,
// multi-line outputs, inputs with spaces. If @actions/core changes its encoding, this fails.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as runner from '../../../src/adapters/runner.js';
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

describe('log lines and workflow commands, as @actions/core writes them', () => {
  it('writes a log line', async () => {
    expect(await stdoutOf(() => runner.info(NASTY))).toBe(await stdoutOf(() => core.info(NASTY)));
  });

  it.each(['error', 'warning', 'notice'] as const)(
    'escapes a %s annotation and its title so no value can start another command',
    async (kind) => {
      const title = 'Deploy blocked: alarm, 100%';
      const ours = await stdoutOf(() => runner.annotate(kind, NASTY, { title }));
      expect(ours).toBe(await stdoutOf(() => core[kind](NASTY, { title })));
      expect(ours.split('\n')).toHaveLength(2); // one line, then the end of it
    },
  );

  it('leaves out a title that is not given', async () => {
    expect(await stdoutOf(() => runner.annotate('warning', 'w'))).toBe(
      await stdoutOf(() => core.warning('w')),
    );
    expect(await stdoutOf(() => runner.annotate('warning', 'w', { title: '' }))).toBe(
      '::warning::w\n',
    );
  });

  it('masks a secret with add-mask', async () => {
    expect(await stdoutOf(() => runner.setSecret('ghs_a%b\nc'))).toBe(
      await stdoutOf(() => core.setSecret('ghs_a%b\nc')),
    );
  });

  it('fails the step: an error annotation and exit code 1', async () => {
    const ours = await stdoutOf(() => runner.setFailed(NASTY));
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(ours).toBe(await stdoutOf(() => core.setFailed(NASTY)));
    expect(process.exitCode).toBe(1);
  });
});

describe('inputs and state, as the runner passes them', () => {
  it('reads INPUT_<NAME>: upper-cased, spaces to _, hyphens kept, trimmed', () => {
    process.env['INPUT_FUNCTION-NAME'] = '  orders-api \n';
    process.env.INPUT_MY_INPUT = ' x ';
    for (const name of ['function-name', 'my input', 'Function-Name', 'absent'])
      expect(runner.getInput(name)).toBe(core.getInput(name));
    expect(runner.getInput('function-name')).toBe('orders-api');
  });

  it('reads STATE_<name> as the post step gets it', () => {
    process.env.STATE_deployment = '{"a":1}';
    expect(runner.getState('deployment')).toBe(core.getState('deployment'));
    expect(runner.getState('missing')).toBe('');
  });
});

describe('file commands, as @actions/core appends them', () => {
  it.each([
    ['GITHUB_OUTPUT', runner.setOutput, core.setOutput],
    ['GITHUB_STATE', runner.saveState, core.saveState],
  ] as const)(
    'appends %s in the heredoc form, multi-line values intact',
    (variable, ours, theirs) => {
      const a = freshFile(variable, 'ours');
      ours('decision-log', NASTY);
      ours('status', 'succeeded');
      const b = freshFile(variable, 'theirs');
      theirs('decision-log', NASTY);
      theirs('status', 'succeeded');
      expect(withoutDelimiters(a)).toBe(withoutDelimiters(b));
      // The runner reads the file line by line, so a CR inside a value does not survive it.
      expect(parseKeyValueFile(readFileSync(a, 'utf8'))).toEqual({
        'decision-log': NASTY.replace('\r', ''),
        status: 'succeeded',
      });
    },
  );

  it.each([
    ['GITHUB_OUTPUT', runner.setOutput, core.setOutput],
    ['GITHUB_STATE', runner.saveState, core.saveState],
  ] as const)(
    'without %s (outside a runner) prints the old command',
    async (variable, ours, theirs) => {
      delete process.env[variable];
      expect(await stdoutOf(() => ours('blocked', 'true'))).toBe(
        await stdoutOf(() => theirs('blocked', 'true')),
      );
    },
  );

  it('refuses a file the runner did not create, like @actions/core', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing');
    expect(() => runner.setOutput('a', 'b')).toThrow(/Missing file at path/);
    expect(() => core.setOutput('a', 'b')).toThrow(/Missing file at path/);
  });

  it('appends the job summary as core.summary.addRaw(markdown, true).write() does', async () => {
    const a = freshFile('GITHUB_STEP_SUMMARY', 'ours');
    expect(runner.appendSummary('## Verdict\n\n| a | b |\n')).toBe(true);
    expect(runner.appendSummary('more')).toBe(true);
    const b = freshFile('GITHUB_STEP_SUMMARY', 'theirs');
    await core.summary.addRaw('## Verdict\n\n| a | b |\n', true).write();
    await core.summary.addRaw('more', true).write();
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('has no summary to append to outside a runner', () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(runner.appendSummary('x')).toBe(false);
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
