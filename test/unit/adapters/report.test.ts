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
  appendSummary: () => true,
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
});
