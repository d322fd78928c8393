// run()'s decisions against a mocked Lambda API: what is called, with which RevisionId,
// and what the step reports. the runner protocol and the GitHub adapter are stand-ins.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  type AliasConfiguration,
  GetAliasCommand,
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { decodeRecord, encodeRecord } from '../../../src/core/deployment-record.js';

const inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
const log: string[] = [];
const failures: string[] = [];
const warnings: string[] = [];
const notices: string[] = [];
const setDeploymentStatus =
  jest.fn<
    (token: string, environment: string, state: string, description: string) => Promise<number>
  >();

jest.unstable_mockModule('../../../src/adapters/runner.js', () => ({
  getInput: (name: string) => (inputs[name] ?? '').trim(),
  setSecret: (value: string) => log.push(`secret:${value.length}`),
  setOutput: (name: string, value: string) => (outputs[name] = value),
  info: (message: string) => log.push(message),
  annotate: (kind: string, message: string) =>
    ({ warning: warnings, notice: notices })[kind]?.push(message) ?? failures.push(message),
  setFailed: (message: string) => failures.push(message),
  // No summary file, as outside a runner: the Reporter puts the summary in the log.
  appendSummary: () => false,
  runUrl: () => 'https://github.com/acme/app/actions/runs/77',
}));
jest.unstable_mockModule('../../../src/adapters/github.js', () => ({
  setDeploymentStatus,
}));
const { run } = await import('../../../src/rollback/main.js');

const lambda = mockClient(LambdaClient);
/** This workflow run, as the runner names it; the record below is its deployment. */
const RUN_ID = '77';
const record = {
  previousVersion: '3',
  version: '4',
  strategy: 'linear 25% 1m',
  startedAt: Date.UTC(2026, 0, 5, 9, 0, 0),
  status: 'in-progress' as const,
  owner: { runId: RUN_ID, attempt: 1, token: 'a1b2c3d4' },
};

function aliasConfig(
  version: string,
  extra?: [string, number],
  revision = 'rev-1',
  description = encodeRecord(record),
): AliasConfiguration {
  return {
    Name: 'live',
    FunctionVersion: version,
    RoutingConfig: { AdditionalVersionWeights: extra ? { [extra[0]]: extra[1] } : {} },
    RevisionId: revision,
    Description: description,
  };
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from the mock`), {
    name,
    $metadata: { httpStatusCode: status },
  });
}

const summaryText = (): string => log.find((l) => l.startsWith('## Rollback')) ?? '';

beforeEach(() => {
  lambda.reset();
  // An alias without provisioned concurrency, as most are.
  lambda
    .on(GetProvisionedConcurrencyConfigCommand)
    .rejects(awsError('ProvisionedConcurrencyConfigNotFoundException', 404));
  setDeploymentStatus.mockReset();
  for (const bag of [inputs, outputs]) for (const key of Object.keys(bag)) delete bag[key];
  log.length = failures.length = warnings.length = notices.length = 0;
  Object.assign(inputs, { 'function-name': 'orders', alias: 'live', region: 'eu-west-1' });
  process.env.GITHUB_RUN_ID = RUN_ID;
});
afterAll(() => {
  lambda.restore();
  delete process.env.GITHUB_RUN_ID;
});

describe('rollback run() with undo: this-run (the default)', () => {
  it('leaves an alias whose deployment record belongs to another run exactly as it is', async () => {
    const theirs = encodeRecord({
      ...record,
      status: 'succeeded',
      owner: { runId: '66', attempt: 1, token: 'ffff0000' },
    });
    lambda.on(GetAliasCommand).resolves(aliasConfig('4', undefined, 'rev-1', theirs));

    await run();

    expect(failures).toEqual([]);
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(outputs).toEqual({ 'restored-version': '', 'from-version': '', changed: 'false' });
    expect(notices.join('\n')).toMatch(
      /deployment record \(3 -> 4, succeeded\) belongs to run 66 attempt 1, not to this run \(77\); nothing was rolled back\. To undo it deliberately, run the rollback with undo: latest\./,
    );
    expect(summaryText()).toContain(
      '**Nothing rolled back: orders:live holds no deployment of this run.**',
    );
    expect(setDeploymentStatus).not.toHaveBeenCalled();
  });

  it('leaves an alias with no deployment record alone, even with previous-version given', async () => {
    lambda.on(GetAliasCommand).resolves(aliasConfig('9', undefined, 'rev-1', ''));
    inputs['previous-version'] = '7';

    await run();

    expect(failures).toEqual([]);
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(outputs.changed).toBe('false');
    expect(notices.join('\n')).toMatch(/carries no safe-deploy deployment record/);
  });

  it('undoes the deployment this run made, even after it succeeded (a later step failed)', async () => {
    const ours = encodeRecord({ ...record, status: 'succeeded' });
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4', undefined, 'rev-1', ours))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));

    await run();

    expect(failures).toEqual([]);
    expect(lambda.commandCalls(UpdateAliasCommand)[0].args[0].input).toMatchObject({
      FunctionVersion: '3',
      RevisionId: 'rev-1',
    });
    expect(outputs).toEqual({ 'restored-version': '3', 'from-version': '4', changed: 'true' });
  });
});

describe('rollback run() with undo: latest (a deliberate manual rollback)', () => {
  it('undoes another run’s deployment', async () => {
    const theirs = encodeRecord({
      ...record,
      owner: { runId: '66', attempt: 2, token: 'ffff0000' },
    });
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4', undefined, 'rev-1', theirs))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));
    inputs.undo = 'latest';

    await run();

    expect(failures).toEqual([]);
    expect(notices).toEqual([]);
    expect(outputs.changed).toBe('true');
  });
});

describe('rollback run() from the deployment record', () => {
  it('restores the previous version of a split alias with the RevisionId read, then verifies', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('3', ['4', 0.25], 'rev-1'))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));
    inputs.reason = 'bake failed: p99 latency';

    await run();

    expect(failures).toEqual([]);
    const updates = lambda.commandCalls(UpdateAliasCommand);
    expect(updates).toHaveLength(1);
    const sent = updates[0].args[0].input;
    expect(sent).toMatchObject({
      FunctionName: 'orders',
      Name: 'live',
      FunctionVersion: '3',
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: 'rev-1',
    });
    expect(decodeRecord(sent.Description)?.status).toBe('rolled-back');
    expect(lambda.commandCalls(GetAliasCommand)).toHaveLength(2);
    expect(outputs).toEqual({ 'restored-version': '3', 'from-version': '4', changed: 'true' });
    expect(summaryText()).toContain('**Rolled back orders:live to version 3.**');
    expect(summaryText()).toContain('| Before | version 3 at 75% and version 4 at 25% (revision');
    expect(summaryText()).toContain('bake failed: p99 latency');
    expect(setDeploymentStatus).not.toHaveBeenCalled();
  });

  it('is a success that says so when the alias is already restored', async () => {
    const done = encodeRecord({ ...record, status: 'rolled-back' });
    lambda.on(GetAliasCommand).resolves(aliasConfig('3', undefined, 'rev-5', done));

    await run();

    expect(failures).toEqual([]);
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(outputs).toEqual({ 'restored-version': '3', 'from-version': '', changed: 'false' });
    expect(summaryText()).toContain('already fully on version 3: nothing to roll back');
  });

  it('refuses an alias that routes to a version the record does not know, changing nothing', async () => {
    lambda.on(GetAliasCommand).resolves(aliasConfig('5'));

    await run();

    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(failures.join('\n')).toMatch(/version 5, which this deployment \(3 -> 4\) did not set/);
    expect(failures.join('\n')).toMatch(/The alias is at version 5 at 100% \(revision rev-1\)/);
    expect(failures.join('\n')).toContain(
      "aws lambda update-alias --function-name orders --name live --function-version 3 --routing-config 'AdditionalVersionWeights={}'",
    );
    expect(outputs).toEqual({});
  });

  it('stops without overwriting when the alias changes between the read and the update', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4', undefined, 'rev-1'))
      .resolves(aliasConfig('6', undefined, 'rev-9'));
    lambda.on(UpdateAliasCommand).rejects(awsError('PreconditionFailedException', 412));

    await run();

    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(1);
    expect(failures.join('\n')).toMatch(
      /changed by someone else.*found version 6 at 100% \(revision rev-9\)/,
    );
    expect(summaryText()).toContain('Restore version 3 by hand');
  });

  it('fails loudly when GetAlias after the update does not show the previous version', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('3', ['4', 0.5]))
      .resolves(aliasConfig('3', ['4', 0.5], 'rev-3'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));

    await run();

    expect(failures.join('\n')).toMatch(
      /GetAlias after the update shows version 3 at 50% and version 4 at 50%.*--function-version 3/,
    );
  });

  it('retries a throttled update with the same RevisionId', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4'))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda
      .on(UpdateAliasCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 429))
      .resolves(aliasConfig('3', undefined, 'rev-2'));

    await run();

    expect(failures).toEqual([]);
    const revisions = lambda
      .commandCalls(UpdateAliasCommand)
      .map((c) => c.args[0].input.RevisionId);
    expect(revisions).toEqual(['rev-1', 'rev-1']);
    expect(outputs.changed).toBe('true');
  });
});

describe('rollback run() to an explicit version', () => {
  it('restores the version given and writes a record of it', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('9', undefined, 'rev-1', ''))
      .resolves(aliasConfig('7', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('7', undefined, 'rev-2'));
    Object.assign(inputs, { undo: 'latest', 'previous-version': '7' });

    await run();

    expect(failures).toEqual([]);
    const sent = lambda.commandCalls(UpdateAliasCommand)[0].args[0].input;
    expect(sent).toMatchObject({ FunctionVersion: '7', RevisionId: 'rev-1' });
    expect(decodeRecord(sent.Description)).toMatchObject({
      previousVersion: '7',
      version: '9',
      status: 'rolled-back',
      runUrl: 'https://github.com/acme/app/actions/runs/77',
      // Its own record names this run, so a second rollback of this run finds it.
      owner: { runId: RUN_ID, attempt: 1 },
    });
    expect(outputs).toEqual({ 'restored-version': '7', 'from-version': '9', changed: 'true' });
  });

  it('says plainly when the version does not exist, and that nothing changed', async () => {
    lambda.on(GetAliasCommand).resolves(aliasConfig('9', undefined, 'rev-1', ''));
    lambda.on(UpdateAliasCommand).rejects(awsError('ResourceNotFoundException', 404));
    Object.assign(inputs, { undo: 'latest', 'previous-version': '70' });

    await run();

    expect(failures.join('\n')).toMatch(
      /Version 70 of orders was not found .*nothing was changed: the alias is at version 9 at 100%/,
    );
    expect(summaryText()).not.toContain('by hand');
  });
});

describe('rollback run() input checks, before any AWS call', () => {
  it.each([
    [
      { 'previous-version': '$LATEST' },
      /Input 'previous-version' is '\$LATEST'; expected a published version number/,
    ],
    [{ undo: 'everything' }, /Input 'undo' is 'everything'; expected one of this-run, latest/],
    [{ alias: '12' }, /Input 'alias' is '12'; expected a Lambda alias name/],
    [{ 'function-name': '' }, /Input 'function-name' is empty/],
    [
      { 'deployment-status': 'success' },
      /Input 'deployment-status' is 'success'; expected one of failure, inactive, error/,
    ],
    [{ region: 'moon' }, /Input 'region' is 'moon'/],
  ])('refuses %p', async (bad, message) => {
    Object.assign(inputs, bad);

    await run();

    expect(failures.join('\n')).toMatch(message);
    // The message names the input itself: no error class in front of it.
    expect(failures[0]).toMatch(/^Input '/);
    expect(lambda.calls()).toHaveLength(0);
    expect(setDeploymentStatus).not.toHaveBeenCalled();
  });
});

describe('rollback run() and the GitHub deployment', () => {
  beforeEach(() => {
    Object.assign(inputs, {
      'github-token': 'ghs_secret',
      environment: 'production',
      reason: 'alarm',
    });
  });

  it('marks the deployment failure with the reason, and masks the token', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4'))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));
    setDeploymentStatus.mockResolvedValue(41);

    await run();

    expect(setDeploymentStatus).toHaveBeenCalledWith(
      'ghs_secret',
      'production',
      'failure',
      'Rolled back to version 3: alarm',
    );
    expect(log).toContain('secret:10');
    expect(log.join('\n')).not.toContain('ghs_secret');
  });

  it('keeps the rollback a success when GitHub cannot be reached, with a warning', async () => {
    lambda
      .on(GetAliasCommand)
      .resolvesOnce(aliasConfig('4'))
      .resolves(aliasConfig('3', undefined, 'rev-2'));
    lambda.on(UpdateAliasCommand).resolves(aliasConfig('3', undefined, 'rev-2'));
    setDeploymentStatus.mockRejectedValue(new Error('HttpError: Bad credentials'));
    inputs['deployment-status'] = 'inactive';

    await run();

    expect(failures).toEqual([]);
    expect(setDeploymentStatus.mock.calls[0][2]).toBe('inactive');
    expect(warnings.join('\n')).toMatch(
      /Could not mark the GitHub deployment in production as inactive: HttpError: Bad credentials/,
    );
    expect(outputs.changed).toBe('true');
  });

  it('marks the deployment error when the rollback itself fails', async () => {
    lambda.on(GetAliasCommand).resolves(aliasConfig('5'));
    setDeploymentStatus.mockResolvedValue(41);

    await run();

    expect(failures).not.toEqual([]);
    expect(setDeploymentStatus.mock.calls[0][2]).toBe('error');
  });
});
