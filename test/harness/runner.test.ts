import { describe, expect, it } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from './runner.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe('runAction on a fixture that writes every runner file', () => {
  const run = runAction({
    actionDir: fixture('files'),
    inputs: { greeting: 'world', 'two words': 'a b' },
    env: { GITHUB_RUN_ID: '99' },
  });

  it('parses single and multiline outputs', async () => {
    const { exitCode, outcome, outputs } = await run;
    expect(exitCode).toBe(0);
    expect(outcome).toBe('success');
    expect(outputs.single).toBe('hello world');
    expect(outputs.multi).toBe('line one\nline two\n  indented = with <<arrows');
  });

  it('passes inputs, their defaults and the context like the runner', async () => {
    const { outputs } = await run;
    expect(JSON.parse(outputs.inputs)).toEqual({
      fallback: 'from-default',
      repo: 'octo-org/orders-service',
      twoWords: 'a b',
    });
    const context = JSON.parse(outputs.context);
    expect(context).toMatchObject({
      repository: 'octo-org/orders-service',
      runId: '99',
      apiUrl: 'https://api.github.com',
      eventRef: 'refs/heads/main',
    });
    expect(context.cwd).toBe(context.workspace);
  });

  it('reads state, env, path and the summary', async () => {
    const result = await run;
    expect(result.state).toEqual({ revision: 'rev-1', plan: 'first line\nsecond line' });
    expect(result.env).toEqual({ DEPLOY_ID: 'd-123' });
    expect(result.path).toEqual(['/opt/fixture/bin']);
    expect(result.summary).toContain('<h1>Deploy</h1>');
    expect(result.summary).toContain('<td>10%</td>');
  });

  it('parses annotations and masks, and skips stopped commands', async () => {
    const { annotations, masks, log } = await run;
    expect(annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'Blocked: yes, really',
        file: 'deploy.yml',
        line: 12,
        endLine: 14,
        message: 'alarm orders-errors: ALARM, since 10:02\nsecond line',
      }),
      expect.objectContaining({ level: 'warning', message: 'low traffic: 3 requests' }),
      expect.objectContaining({ level: 'notice', message: 'shifted 10% to version 7' }),
    ]);
    expect(masks).toEqual(['s3cr3t']);
    expect(log).toContain('::error::not a command while stopped\n');
    expect(log.trimEnd().split('\n').at(-1)).toBe('to stderr');
  });

  it('runs the post step with STATE_*, GITHUB_ENV, GITHUB_PATH and the same inputs', async () => {
    const { post } = await run;
    expect(post?.exitCode).toBe(0);
    expect(post?.log).toContain('post ran with revision=rev-1');
    expect(JSON.parse(post!.outputs.seen)).toEqual({
      revision: 'rev-1',
      plan: 'first line\nsecond line',
      deployId: 'd-123',
      firstPath: '/opt/fixture/bin',
      greeting: 'world',
    });
  });
});

describe('runAction options', () => {
  it('runs a bare entry script without action.yml and reports time to first line', async () => {
    const result = await runAction({
      entry: join(fixture('post-if'), 'main.js'),
      inputs: { 'exit-code': 3 },
    });
    expect(result.exitCode).toBe(3);
    expect(result.outcome).toBe('failure');
    expect(result.post).toBeUndefined();
    expect(result.firstOutputMs).toBeGreaterThan(0);
    expect(result.firstOutputMs!).toBeLessThanOrEqual(result.exitedAtMs);
  });

  it('honours post-if: failure() runs the post only when main failed', async () => {
    const ok = await runAction({ actionDir: fixture('post-if') });
    expect(ok.postSkipped).toBe('post-if');
    expect(ok.post).toBeUndefined();
    const failed = await runAction({ actionDir: fixture('post-if'), inputs: { 'exit-code': 1 } });
    expect(failed.post?.log).toBe('post ran\n');
  });

  it('can skip the post step and keep the temp dir', async () => {
    const result = await runAction({ actionDir: fixture('files'), runPost: false, keepTemp: true });
    expect(result.postSkipped).toBe('disabled');
    expect(result.tempDir).toMatch(/safe-deploy-harness-/);
    expect(existsSync(join(result.tempDir!, 'workspace'))).toBe(true);
    rmSync(result.tempDir!, { recursive: true, force: true });
  });

  it('does not leak the caller environment, and env overrides can remove variables', async () => {
    process.env.INPUT_GREETING = 'leaked';
    try {
      const result = await runAction({
        entry: join(fixture('files'), 'main.js'),
        env: { GITHUB_REPOSITORY: undefined, GITHUB_API_URL: 'http://127.0.0.1:9' },
      });
      expect(result.outputs.single).toBe('hello ');
      const context = JSON.parse(result.outputs.context);
      expect(context.repository).toBeUndefined();
      expect(context.apiUrl).toBe('http://127.0.0.1:9');
    } finally {
      delete process.env.INPUT_GREETING;
    }
  });

  it('waitForLine resolves on a line already printed and rejects when none comes', async () => {
    const run = runAction({ actionDir: fixture('post-if'), inputs: { 'exit-code': 1 } });
    await expect(run.waitForLine('post ran')).resolves.toBe('post ran');
    await expect(run.waitForLine(/never/, 200)).rejects.toThrow(/no line matching/);
    await run;
    await expect(run.waitForLine(/never/)).rejects.toThrow(/the run is over/);
  });
});
