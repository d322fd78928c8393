// An in-memory alias that behaves like Lambda's: RevisionId checked on every update, a
// history of every write, and hooks to inject failures or someone else's change.
import type { AliasState, Routing } from '../../../src/core/alias-state.js';
import { type AliasPort, StaleRevisionError } from '../../../src/core/alias-update.js';
import type { Clock } from '../../../src/core/clock.js';

export class FakeAlias implements AliasPort {
  state: AliasState;
  readonly writes: { at: number; routing: Routing; description: string }[] = [];
  /** Called before each UpdateAlias call (n counts calls, retries included); throw to fail it. */
  beforeUpdate?: (n: number) => void;
  private calls = 0;
  private revision = 1;

  constructor(
    private clock: Clock,
    initial: Partial<AliasState> = {},
  ) {
    this.state = {
      functionName: 'orders',
      alias: 'live',
      primaryVersion: '3',
      revisionId: 'rev-1',
      description: '',
      ...initial,
    };
  }

  async read(): Promise<AliasState> {
    return { ...this.state };
  }

  async update(revisionId: string, routing: Routing, description?: string): Promise<AliasState> {
    this.beforeUpdate?.(++this.calls);
    if (revisionId !== this.state.revisionId) throw new StaleRevisionError(revisionId);
    this.set(routing, description);
    this.writes.push({ at: this.clock.now(), routing, description: this.state.description });
    return { ...this.state };
  }

  /** Someone else's UpdateAlias: a new revision the shift has not read. */
  set(routing: Routing, description?: string): void {
    this.state = {
      ...this.state,
      primaryVersion: routing.primaryVersion,
      additional: routing.additional,
      revisionId: `rev-${++this.revision}`,
      description: description ?? this.state.description,
    };
    if (!routing.additional) delete this.state.additional;
  }

  /** New version's weight after each write. */
  weights(version = '4'): number[] {
    return this.writes.map((w) =>
      w.routing.additional?.version === version
        ? w.routing.additional.weight
        : w.routing.primaryVersion === version
          ? 1
          : 0,
    );
  }
}

export function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'TooManyRequestsException',
    $metadata: { httpStatusCode: 429 },
  });
}

export function serverError(): Error {
  return Object.assign(new Error('internal'), {
    name: 'ServiceException',
    $metadata: { httpStatusCode: 500 },
  });
}
