// Credentials never reach a log: every shape the suite can meet in an error is removed, and
// the text people need (versions, ARNs, alarm names, request ids, the record) is left alone.
import { describe, expect, it } from '@jest/globals';
import { errorText } from '../../../src/core/error-text.js';
import { REDACTED, redact } from '../../../src/core/redact.js';
import { encodeRecord } from '../../../src/core/deployment-record.js';

// Shaped like the real thing; none is one.
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_KEY_ID = 'ASIAQWERTYUIOPASDFGH';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+Token0AIgVu5abc123XYZ' +
  'Kr9xQ2vLmN8pO4sT6uW1yZ3bC5dE7fG9hJ0kLqRsTuVwXyZaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789==';
const GITHUB = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';

describe('redact', () => {
  it.each([
    ['a long-term access key id', `Credential scope for ${KEY_ID} is wrong`],
    ['a temporary access key id', `key ${TEMP_KEY_ID} expired`],
    ['a bare session token', `token was ${SESSION} then`],
    ['a GitHub token', `Bad credentials for ${GITHUB}`],
    ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['a personal token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
  ])('removes %s', (_, text) => {
    const out = redact(text);
    expect(out).toContain(REDACTED);
    for (const secret of [KEY_ID, TEMP_KEY_ID, SESSION, GITHUB, 'github_pat_11', 'ghp_abc'])
      expect(out).not.toContain(secret);
  });

  it.each([
    ['env form', `AWS_SECRET_ACCESS_KEY=${SECRET}`, 'AWS_SECRET_ACCESS_KEY=***'],
    ['ini form', `aws_session_token = ${SECRET}`, 'aws_session_token = ***'],
    ['JSON form', `{"SecretAccessKey":"${SECRET}"}`, '{"SecretAccessKey":"***"}'],
    ['SDK form', `sessionToken: '${SECRET}'`, "sessionToken: '***'"],
    [
      'canonical header',
      `x-amz-security-token:${SECRET}\nx-amz-target:x`,
      'x-amz-security-token:***\nx-amz-target:x',
    ],
  ])('removes a secret after its name (%s) and keeps the name', (_, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('removes a whole Authorization header value, AWS or GitHub', () => {
    expect(
      redact(
        `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260105/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc123\nnext`,
      ),
    ).toBe('Authorization: ***\nnext');
    expect(redact(`{"authorization":"token ${GITHUB}"}`)).toBe('{"authorization":"***"}');
    expect(redact('authorization: Bearer abc.def.ghi')).toBe('authorization: ***');
  });

  it('removes presigned-URL parameters and signature fields', () => {
    const url = `https://x/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY_ID}%2F20260105&X-Amz-Security-Token=${encodeURIComponent(SESSION)}&X-Amz-Signature=0f1e2d&X-Amz-SignedHeaders=host`;
    expect(redact(url)).toBe(
      'https://x/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-SignedHeaders=host',
    );
    expect(redact('Credential=abc/123, SignedHeaders=host, Signature=ff00')).toBe(
      'Credential=***, SignedHeaders=host, Signature=***',
    );
  });

  it('removes Bearer and token header values', () => {
    expect(redact('sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe('sent Bearer ***');
    expect(redact('header token 0123456789abcdef0123456789abcdef')).toBe('header token ***');
  });

  it('removes registered values exactly, also URL-encoded, whatever their shape', () => {
    const secret = 'plain words/with+symbols';
    expect(redact(`a ${secret} b ${encodeURIComponent(secret)} c`, [secret])).toBe('a *** b *** c');
  });

  it('ignores registered values too short to be credentials', () => {
    expect(redact('version 4 of orders', ['4', 'orders'])).toBe('version 4 of orders');
  });

  it.each([
    'Version 12 of orders-api now takes 25% of live (was version 11).',
    'arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live',
    'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-errors-p99',
    'RequestId: 8c5b9a4e-2f1d-4b7a-9e3c-1a2b3c4d5e6f',
    'Threshold Crossed: 1 datapoint [5.0 (05/01/26 09:00:00)] was greater than the threshold (1.0).',
    'the token is missing; a session has no token',
    'SignedHeaders=host;x-amz-date;x-amz-security-token',
    '/home/runner/work/orders/orders/node_modules/@aws-sdk/client-lambda/dist-cjs/index.js',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b',
    'hash e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('leaves the deployment record alone', () => {
    const record = encodeRecord({
      previousVersion: '3',
      version: '4',
      strategy: 'linear 25% 1m',
      startedAt: Date.UTC(2026, 0, 5, 9),
      status: 'in-progress',
      runUrl: 'https://github.com/acme/app/actions/runs/77',
    });
    expect(redact(record)).toBe(record);
  });
});

describe('errorText', () => {
  it('redacts what an AWS signature error echoes', () => {
    const error = Object.assign(
      new Error(
        `The request signature we calculated does not match.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nhost:127.0.0.1\nx-amz-security-token:${SESSION}\n'`,
      ),
      { name: 'InvalidSignatureException' },
    );
    const text = errorText(error);
    expect(text).toMatch(/^InvalidSignatureException: The request signature/);
    expect(text).toContain('x-amz-security-token:***');
    expect(text).not.toContain(SESSION.slice(0, 20));
  });
});
