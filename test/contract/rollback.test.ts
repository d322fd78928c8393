// A manual rollback (undo: latest, as a workflow_dispatch runs it) against moto: the built
// rollback bundle, run like the GitHub runner runs it, puts the alias a cancelled deploy
// left split back on the previous version.
// Not here, because moto cannot show it (see moto-gaps.ts for the tests that cover them):
// a stale RevisionId refused mid-rollback (moto ignores RevisionId) and the GitHub
// deployment status (moto has no GitHub).
import { describe, expect, it } from '@jest/globals';
import { decodeRecord, encodeRecord } from '../../src/core/deployment-record.js';
import { deployFunction, readAlias, setAlias } from './moto-resources.js';
import { useMoto } from './use-moto.js';

const moto = useMoto('rollback', ['revisionId', 'github', 'provisionedConcurrency']);
const rollback = (inputs: Record<string, string>) => moto.run({ undo: 'latest', ...inputs });

describe('rollback against moto', () => {
  it('restores the previous version from the deployment record a cancelled shift left, then is a no-op', async () => {
    const fn = await deployFunction(moto.lambda, {
      prefix: 'rollback',
      versions: 2,
      aliasVersion: '1',
    });
    const startedAt = Date.UTC(2026, 10, 22, 9, 0, 0);
    await setAlias(moto.lambda, fn, {
      primaryVersion: '1',
      weights: { '2': 0.25 },
      description: encodeRecord({
        previousVersion: '1',
        version: '2',
        strategy: 'linear 25% 1m',
        startedAt,
        status: 'in-progress',
      }),
    });

    const first = await rollback({
      'function-name': fn.functionName,
      alias: fn.alias,
      reason: 'error rate up after release 2',
    });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual({
      'restored-version': '1',
      'from-version': '2',
      changed: 'true',
    });
    const after = await readAlias(moto.lambda, fn.functionName, fn.alias);
    expect(after).toMatchObject({ primaryVersion: '1', weights: {} });
    expect(decodeRecord(after.description)).toMatchObject({
      previousVersion: '1',
      version: '2',
      status: 'rolled-back',
      startedAt,
    });
    expect(first.summary).toContain(`Rolled back ${fn.functionName}:${fn.alias} to version 1`);
    expect(first.summary).toContain('error rate up after release 2');

    const again = await rollback({ 'function-name': fn.functionName, alias: fn.alias });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual({
      'restored-version': '1',
      'from-version': '',
      changed: 'false',
    });
    expect(await readAlias(moto.lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: {},
    });
  });

  it('restores the version a person names on an alias with no record', async () => {
    const fn = await deployFunction(moto.lambda, {
      prefix: 'rollback',
      versions: 3,
      aliasVersion: '3',
    });
    const result = await rollback({
      'function-name': fn.functionName,
      alias: fn.alias,
      'previous-version': '2',
      reason: 'release 3 breaks checkout',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '2',
      'from-version': '3',
      changed: 'true',
    });
    const after = await readAlias(moto.lambda, fn.functionName, fn.alias);
    expect(after).toMatchObject({ primaryVersion: '2', weights: {} });
    // The next rollback or check-blockers reads what happened from the alias itself.
    expect(decodeRecord(after.description)).toMatchObject({
      previousVersion: '2',
      version: '3',
      status: 'rolled-back',
    });
  });

  it('refuses an alias with no record and no version, changing nothing', async () => {
    const fn = await deployFunction(moto.lambda, {
      prefix: 'rollback',
      versions: 2,
      aliasVersion: '1',
    });
    await setAlias(moto.lambda, fn, { primaryVersion: '1', weights: { '2': 0.5 } });
    const result = await rollback({ 'function-name': fn.functionName, alias: fn.alias });
    expect(result.exitCode).not.toBe(0);
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
      /no safe-deploy deployment record/,
    );
    expect(await readAlias(moto.lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: { '2': 0.5 },
    });
  });
});
