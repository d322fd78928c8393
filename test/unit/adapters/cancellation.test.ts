// The runner's first cancel signal must stop a waiting action at once, and only once.
import { describe, expect, it } from '@jest/globals';
import { cancellationSignal } from '../../../src/adapters/cancellation.js';

describe('cancellationSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('aborts on %s, naming it', (name) => {
    const { signal, dispose } = cancellationSignal();
    expect(signal.aborted).toBe(false);
    process.emit(name, name);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(`received ${name}`);
    // A later SIGTERM after SIGINT keeps the first reason.
    process.emit('SIGTERM', 'SIGTERM');
    expect(signal.reason).toBe(`received ${name}`);
    dispose();
  });

  it('stops listening once disposed', () => {
    const before = process.listenerCount('SIGINT');
    const { signal, dispose } = cancellationSignal();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(signal.aborted).toBe(false);
  });
});
