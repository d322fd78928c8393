// GitHub shows at most 10 error and 10 warning annotations per step: the Reporter keeps the
// first ten of each as annotations and sends the rest to the log, so none is lost.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';

const calls: { kind: string; message: string; title?: string }[] = [];
jest.unstable_mockModule('../../../src/adapters/runner.js', () => ({
  annotate: (kind: string, message: string, props?: { title?: string }) =>
    calls.push({ kind, message, title: props?.title }),
  info: (message: string) => calls.push({ kind: 'info', message }),
  setOutput: (name: string, value: string) =>
    calls.push({ kind: 'output', message: `${name}=${value}` }),
  setFailed: (message: string) => calls.push({ kind: 'failed', message }),
  setSecret: (message: string) => calls.push({ kind: 'mask', message }),
  appendSummary: () => true,
  debug: (message: string) => calls.push({ kind: 'debug', message }),
  startGroup: (message: string) => calls.push({ kind: 'group', message }),
  endGroup: () => calls.push({ kind: 'endgroup', message: '' }),
}));
const { Reporter, MAX_ANNOTATIONS } = await import('../../../src/adapters/report.js');

beforeEach(() => {
  calls.length = 0;
});

describe('Reporter', () => {
  it('annotates the first ten errors and warnings and logs the rest', () => {
    const reporter = new Reporter();
    for (let i = 1; i <= 12; i++) {
      reporter.error(`e${i}`, 'Blocked');
      reporter.warning(`w${i}`);
    }
    expect(MAX_ANNOTATIONS).toBe(10);
    expect(calls.filter((c) => c.kind === 'error').map((c) => c.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${i + 1}`),
    );
    expect(calls.filter((c) => c.kind === 'warning')).toHaveLength(10);
    expect(calls.filter((c) => c.kind === 'info').map((c) => c.message)).toEqual([
      'error: e11',
      'warning: w11',
      'error: e12',
      'warning: w12',
    ]);
    expect(calls.find((c) => c.kind === 'error')?.title).toBe('Blocked');
  });

  it('writes every output as text', () => {
    new Reporter().setOutputs({ blocked: true, 'duration-seconds': 42, status: 'succeeded' });
    expect(calls.map((c) => c.message)).toEqual([
      'blocked=true',
      'duration-seconds=42',
      'status=succeeded',
    ]);
  });

  it("masks the environment's AWS credentials before anything else is written", () => {
    const saved = { ...process.env };
    process.env.AWS_SESSION_TOKEN = 'session-token-value';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-key-value';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    try {
      new Reporter().info('first line');
    } finally {
      process.env = saved;
    }
    expect(calls).toEqual([
      { kind: 'mask', message: 'session-token-value' },
      { kind: 'mask', message: 'secret-key-value' },
      { kind: 'info', message: 'first line' },
    ]);
  });

  it('masks nothing the environment does not hold', () => {
    const saved = { ...process.env };
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      new Reporter().info('first line');
    } finally {
      process.env = saved;
    }
    expect(calls).toEqual([{ kind: 'info', message: 'first line' }]);
  });
});

describe('Reporter groups and paced lines', () => {
  it('closes the open group before the next one, since the runner does not nest them', () => {
    const reporter = new Reporter();
    calls.length = 0;
    reporter.group('Step 1: 10%');
    reporter.info('Shifted');
    reporter.group('Step 2: 100%');
    reporter.endGroup();
    reporter.endGroup();
    expect(calls.map((c) => `${c.kind}:${c.message}`)).toEqual([
      'group:Step 1: 10%',
      'info:Shifted',
      'endgroup:',
      'group:Step 2: 100%',
      'endgroup:',
    ]);
  });

  it('puts the verdict and a failure outside any group', async () => {
    const reporter = new Reporter();
    reporter.group('Bake');
    calls.length = 0;
    reporter.fail('Version 4 failed the bake.');
    await reporter.writeSummary('## Bake');
    expect(calls.map((c) => c.kind)).toEqual(['endgroup', 'failed']);
  });

  it('shows a paced line or keeps it for debug logging', () => {
    const reporter = new Reporter();
    calls.length = 0;
    reporter.paced('info', 'Alarms OK at 10%');
    reporter.paced('debug', 'Alarms OK at 10%');
    expect(calls.map((c) => c.kind)).toEqual(['info', 'debug']);
  });
});
