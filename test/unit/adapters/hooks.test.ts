import { beforeEach, describe, expect, it } from '@jest/globals';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { runHook } from '../../../src/adapters/hooks.js';
import type { HookDetails } from '../../../src/core/hook.js';

const lambda = mockClient(LambdaClient);
const details: HookDetails = {
  phase: 'before-traffic',
  functionName: 'orders',
  alias: 'live',
  previousVersion: '3',
  version: '4',
  qualifiedVersion: 'orders:4',
  strategy: 'canary 10% 5m',
  region: 'eu-west-1',
};
const lines: string[] = [];
const context = (timeoutMs = 10_000) => ({
  lambda: new LambdaClient({ region: 'eu-west-1' }),
  timeoutMs,
  log: (line: string) => lines.push(line),
});
const never = new AbortController().signal;
const node = (script: string) => ({
  kind: 'command' as const,
  argv: [process.execPath, '-e', script],
});

beforeEach(() => {
  lambda.reset();
  lines.length = 0;
});

describe('Lambda hooks', () => {
  it('invoke the function synchronously with the deployment details', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode('{"status":"Succeeded"}') as never,
    });
    const result = await runHook(
      { kind: 'lambda', functionName: 'smoke' },
      details,
      never,
      context(),
    );
    expect(result).toEqual({ ok: true, detail: '{"status":"Succeeded"}' });
    const input = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(input.FunctionName).toBe('smoke');
    expect(input.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual(details);
  });

  it('fail on {"status":"Failed"} and on a function error', async () => {
    lambda
      .on(InvokeCommand)
      .resolvesOnce({
        Payload: new TextEncoder().encode('{"status":"Failed","reason":"checkout 500"}') as never,
      })
      .resolvesOnce({
        FunctionError: 'Unhandled',
        Payload: new TextEncoder().encode('{"errorMessage":"x"}') as never,
      });
    expect(
      await runHook({ kind: 'lambda', functionName: 'smoke' }, details, never, context()),
    ).toEqual({
      ok: false,
      reason: 'the hook returned status Failed: checkout 500',
    });
    expect(
      (await runHook({ kind: 'lambda', functionName: 'smoke' }, details, never, context())).ok,
    ).toBe(false);
  });

  it('fail when the invocation itself fails', async () => {
    lambda.on(InvokeCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: lambda:InvokeFunction'), {
        name: 'AccessDeniedException',
      }),
    );
    expect(
      await runHook({ kind: 'lambda', functionName: 'smoke' }, details, never, context()),
    ).toEqual({
      ok: false,
      reason:
        'the hook could not run: AccessDeniedException: User is not authorized to perform: lambda:InvokeFunction',
    });
  });
});

describe('command hooks', () => {
  it('pass on exit code 0, with the details in SAFE_DEPLOY_* and its output in the log', async () => {
    const result = await runHook(
      node('console.log(process.env.SAFE_DEPLOY_QUALIFIED_VERSION)'),
      details,
      never,
      context(),
    );
    expect(result).toEqual({ ok: true, detail: 'exit code 0' });
    expect(lines).toContain('[before-traffic] orders:4');
  });

  it('fail on a non-zero exit', async () => {
    expect(await runHook(node('process.exit(3)'), details, never, context())).toEqual({
      ok: false,
      reason: 'the command exited with code 3',
    });
  });

  it('never see the step inputs (the GitHub token among them)', async () => {
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_secret';
    try {
      await runHook(
        node('console.log(Object.keys(process.env).filter((k) => k.startsWith("INPUT_")).length)'),
        details,
        never,
        context(),
      );
    } finally {
      delete process.env['INPUT_GITHUB-TOKEN'];
    }
    expect(lines).toContain('[before-traffic] 0');
  });

  it('fail when the command cannot start', async () => {
    const result = await runHook(
      { kind: 'command', argv: ['./no-such-script.sh'] },
      details,
      never,
      context(),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/the hook could not run: .*ENOENT/),
    });
  });

  it('are stopped at their timeout and fail', async () => {
    const result = await runHook(node('setTimeout(() => {}, 60000)'), details, never, context(300));
    expect(result).toEqual({
      ok: false,
      reason: 'the hook did not finish within hook-timeout (300ms)',
    });
  });

  it('are stopped by a cancel', async () => {
    const controller = new AbortController();
    const running = runHook(
      node('setTimeout(() => {}, 60000)'),
      details,
      controller.signal,
      context(),
    );
    setTimeout(() => controller.abort('received SIGINT'), 100);
    expect(await running).toEqual({ ok: false, reason: 'cancelled: received SIGINT' });
  });
});
