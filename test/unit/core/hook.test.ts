import { describe, expect, it } from '@jest/globals';
import {
  hookEnvironment,
  judgeLambdaHook,
  parseHook,
  splitArguments,
} from '../../../src/core/hook.js';
import { InputError } from '../../../src/core/input-error.js';

describe('hook inputs', () => {
  it('an empty input is no hook', () => {
    expect(parseHook('before-traffic', '  ')).toBeUndefined();
  });

  it('lambda:<name> and a Lambda ARN invoke a function', () => {
    expect(parseHook('before-traffic', 'lambda:smoke-test')).toEqual({
      kind: 'lambda',
      functionName: 'smoke-test',
    });
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:smoke:2';
    expect(parseHook('after-traffic', arn)).toEqual({ kind: 'lambda', functionName: arn });
  });

  it('anything else is a command split into arguments, never given to a shell', () => {
    expect(parseHook('before-traffic', './smoke.sh --url "https://x/a b" \'$HOME\' a\\b')).toEqual({
      kind: 'command',
      argv: ['./smoke.sh', '--url', 'https://x/a b', '$HOME', 'a\\b'],
    });
  });

  it('keeps shell syntax as plain arguments', () => {
    expect(splitArguments('echo hi; rm -rf / && $(x)')).toEqual([
      'echo',
      'hi;',
      'rm',
      '-rf',
      '/',
      '&&',
      '$(x)',
    ]);
    expect(splitArguments('say "a \\"quoted\\" word" \'\'')).toEqual([
      'say',
      'a "quoted" word',
      '',
    ]);
  });

  it('refuses an unclosed quote and a malformed lambda name', () => {
    expect(() => parseHook('before-traffic', 'run "oops')).toThrow(InputError);
    expect(() => parseHook('before-traffic', 'run "oops')).toThrow(
      /Input 'before-traffic'.*unclosed " quote/,
    );
    expect(() => parseHook('after-traffic', 'lambda:')).toThrow(
      /Input 'after-traffic' is 'lambda:'; expected lambda:<function name or ARN>/,
    );
  });
});

describe('what a hook is told and how its answer is judged', () => {
  it('passes the deployment details as SAFE_DEPLOY_* variables', () => {
    const env = hookEnvironment({
      phase: 'before-traffic',
      functionName: 'orders',
      alias: 'live',
      previousVersion: '3',
      version: '4',
      qualifiedVersion: 'orders:4',
      strategy: 'canary 10% 5m',
      region: 'eu-west-1',
    });
    expect(env).toMatchObject({
      SAFE_DEPLOY_PHASE: 'before-traffic',
      SAFE_DEPLOY_PREVIOUS_VERSION: '3',
      SAFE_DEPLOY_VERSION: '4',
      SAFE_DEPLOY_QUALIFIED_VERSION: 'orders:4',
      SAFE_DEPLOY_RUN_URL: '',
    });
  });

  it('fails on a function error', () => {
    expect(judgeLambdaHook('Unhandled', '{"errorMessage":"boom"}')).toEqual({
      ok: false,
      reason: 'the hook function failed (Unhandled): {"errorMessage":"boom"}',
    });
  });

  it('fails on {"status":"Failed"} in any case, with its reason', () => {
    expect(
      judgeLambdaHook(undefined, '{"status":"FAILED","reason":"checkout returned 500"}'),
    ).toEqual({
      ok: false,
      reason: 'the hook returned status Failed: checkout returned 500',
    });
  });

  it('passes any other answer, and says what it was', () => {
    expect(judgeLambdaHook(undefined, '{"status":"Succeeded"}')).toEqual({
      ok: true,
      detail: '{"status":"Succeeded"}',
    });
    expect(judgeLambdaHook(undefined, '')).toEqual({ ok: true, detail: 'no answer' });
    expect(judgeLambdaHook(undefined, 'not json')).toEqual({ ok: true, detail: 'not json' });
  });
});
