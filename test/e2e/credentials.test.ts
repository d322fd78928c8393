// Credentials never reach a log. Every built bundle runs with good inputs against a stand-in
// that refuses every AWS call as a bad signature (quoting the canonical request, session token
// included) and every GitHub call with a 401 quoting the Authorization header. Each step
// fails with a readable error, and no credential appears in stdout, stderr, the outputs, the
// summary or the annotations, except in the ::add-mask:: commands that register them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLING_INPUTS } from '../fixtures/refusing-stand-in.js';
import { startSignatureStandIn, type SignatureStandIn } from '../fixtures/signature-stand-in.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { runAction, type StepResult } from '../harness/runner.js';

// Distinctive, and shaped like the real thing so that patterns would catch them too.
const MARKERS = {
  AWS_ACCESS_KEY_ID: 'AKIAMARKER0KEYID0001',
  AWS_SECRET_ACCESS_KEY: 'markerSecretAccessKey/0000+00000000000000',
  AWS_SESSION_TOKEN: `IQoJmarkerSessionToken${'Ab1+/Cd2'.repeat(40)}==`,
  'github-token': 'ghs_MARKERgithubTOKEN0123456789abcdefghij',
};
/** Pieces of each marker: a leak of part of one is a leak. */
const PIECES = ['MARKER0KEYID', 'markerSecretAccessKey', 'markerSessionToken', 'MARKERgithubTOKEN'];

/** What an action wrote for people to see, but the commands that register the masks. */
function visible(step: StepResult): string[] {
  const unmasked = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('::add-mask::'))
      .join('\n');
  return [
    unmasked(step.stdout),
    unmasked(step.stderr),
    JSON.stringify(step.outputs),
    step.summary,
    JSON.stringify(step.annotations),
  ];
}

let standIn: SignatureStandIn;
beforeAll(async () => {
  standIn = await startSignatureStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const EXPECTED_ERROR: Record<string, RegExp> = {
  'check-blockers': /^check-blockers could not finish|may not start now/,
  'shift-traffic': /InvalidSignatureException: The request signature we calculated/,
  'bake-and-watch': /InvalidSignatureException: The request signature we calculated/,
  rollback: /InvalidSignatureException: The request signature we calculated/,
};

describe.each(Object.keys(CALLING_INPUTS))('%s with refused credentials', (action) => {
  it('fails readably and shows no credential anywhere', async () => {
    const { 'github-token': token, ...aws } = MARKERS;
    const r = await runAction({
      action,
      inputs: { ...CALLING_INPUTS[action], 'github-token': token },
      env: {
        AWS_ENDPOINT_URL_LAMBDA: standIn.url,
        AWS_ENDPOINT_URL_CLOUDWATCH: standIn.url,
        GITHUB_API_URL: standIn.url,
        AWS_REGION: 'eu-west-1',
        ...aws,
      },
      timeoutMs: 30_000,
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(EXPECTED_ERROR[action]);
    // The stand-in echoed the token where the error shows it: redacted, still readable.
    expect(JSON.stringify(r.annotations)).toContain('x-amz-security-token:***');
    if (action !== 'bake-and-watch') expect(r.log).toContain('Bad credentials: Authorization: ***');
    // Masked before anything else was printed.
    expect(r.log.startsWith('::add-mask::')).toBe(true);
    expect(r.masks).toEqual(
      expect.arrayContaining([aws.AWS_SESSION_TOKEN, aws.AWS_SECRET_ACCESS_KEY]),
    );
    for (const step of [r, ...(r.post ? [r.post] : [])])
      for (const text of visible(step)) {
        for (const value of Object.values(MARKERS)) expect(text).not.toContain(value);
        for (const piece of PIECES) expect(text).not.toContain(piece);
      }
  });
});
