// Text the suite did not write (alarm reasons, issue titles, hook output, AWS and GitHub
// errors) goes through the runner adapter: it never starts a workflow command, and no
// credential in it reaches the log, an annotation, an output or the summary. The log is read
// back with the harness's model of the runner (test/harness/runner-files.ts).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as runner from '../../../src/adapters/runner.js';
import { parseKeyValueFile, parseWorkflowCommands } from '../../harness/runner-files.js';

const HOSTILE = 'x\n::error::forged\n::add-mask::forged\n::stop-commands::forged\n##[error]forged';

let dir: string;
const saved = { ...process.env };
const exitCode = process.exitCode;

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

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-untrusted-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...saved };
  process.exitCode = exitCode;
});

describe('a log line cannot start a workflow command', () => {
  it.each([
    ['a command on a later line', HOSTILE],
    ['a command after leading whitespace', 'reason:\n   \t::error::forged'],
    ['a command after a bare CR', 'progress 50%\r::add-mask::forged'],
    ['the legacy form anywhere in a line', 'hook said ##[error]forged'],
    ['a command on the first line', '::warning::forged'],
  ])('wraps %s in stop-commands, the text intact', async (_, text) => {
    const out = await stdoutOf(() => runner.info(text));
    expect(parseWorkflowCommands(out)).toEqual([]);
    const [first, ...rest] = out.split('\n');
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(first)![1];
    expect(rest.join('\n')).toBe(`${text}\n::${token}::\n`);
  });

  it('uses a fresh token every time, so text cannot end the block it is in', async () => {
    const first = await stdoutOf(() => runner.info(HOSTILE));
    const second = await stdoutOf(() => runner.info(HOSTILE));
    expect(first.split('\n')[0]).not.toBe(second.split('\n')[0]);
    // Even text that ends a block with an earlier token stays inert.
    const old = first.split('\n')[0].slice('::stop-commands::'.length);
    const out = await stdoutOf(() => runner.info(`::${old}::\n::error::forged`));
    expect(parseWorkflowCommands(first + out)).toEqual([]);
  });

  it('leaves ordinary text as a plain line', async () => {
    const text = 'Alarm orders-errors: ALARM - Threshold Crossed: 1 datapoint [5.0] :: done';
    expect(await stdoutOf(() => runner.info(text))).toBe(`${text}\n`);
  });

  it("keeps the suite's own commands commands, with their data escaped", async () => {
    const out = await stdoutOf(() => {
      runner.annotate('error', HOSTILE, { title: 'Alarm: forged, really' });
      runner.setFailed(HOSTILE);
    });
    expect(parseWorkflowCommands(out)).toEqual([
      { command: 'error', properties: { title: 'Alarm: forged, really' }, message: HOSTILE },
      { command: 'error', properties: {}, message: HOSTILE },
    ]);
  });
});

describe('credentials stay out of everything the adapter writes', () => {
  const token = 'IQoJb3JpZ2luX2VjEXAMPLE-registered-session-token';
  const echoed = `signature mismatch; x-amz-security-token:${token}; key AKIAIOSFODNN7EXAMPLE`;

  beforeEach(async () => {
    await stdoutOf(() => runner.setSecret(token));
  });

  it('masks a registered value with add-mask, the value itself', async () => {
    expect(await stdoutOf(() => runner.setSecret(token))).toBe(`::add-mask::${token}\n`);
  });

  it('redacts log lines and annotations', async () => {
    const out = await stdoutOf(() => {
      runner.info(echoed);
      runner.annotate('warning', echoed, { title: `about ${token}` });
    });
    expect(out).not.toContain(token);
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).toContain('x-amz-security-token:***');
    expect(parseWorkflowCommands(out)[0].properties.title).toBe('about ***');
  });

  it('redacts outputs and the summary', async () => {
    const output = join(dir, 'output');
    const summary = join(dir, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    process.env.GITHUB_OUTPUT = output;
    process.env.GITHUB_STEP_SUMMARY = summary;
    runner.setOutput('reason', `failed: ${token}`);
    await runner.appendSummary(`| Error | ${echoed} |`);
    expect(parseKeyValueFile(readFileSync(output, 'utf8'))).toEqual({ reason: 'failed: ***' });
    expect(readFileSync(summary, 'utf8')).toContain('| Error |');
    expect(readFileSync(summary, 'utf8')).not.toContain(token);
  });
});
