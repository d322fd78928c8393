// An in-memory alias that behaves like Lambda's: RevisionId checked on every update, a
// history of every write, and hooks to inject failures or someone else's change.
import type { Routing } from '../../../src/core/routing.js';
import {
  StaleTokenError,
  type TargetState,
  type TrafficTarget,
} from '../../../src/core/traffic-target.js';
import type { Clock } from '../../../src/core/clock.js';
import { aliasCommands } from '../../../src/adapters/lambda/commands.js';

export class FakeAlias implements TrafficTarget {
  readonly kind = 'fake alias';
  readonly commands: ReturnType<typeof aliasCommands>;
  state: TargetState;
  readonly writes: { at: number; routing: Routing; record: string }[] = [];
  /** Called before each UpdateAlias call (n counts calls, retries included); throw to fail it. */
  beforeUpdate?: (n: number) => void;
  private calls = 0;
  private revision = 1;

  constructor(
    private clock: Clock,
    initial: Partial<TargetState> = {},
    readonly name = 'orders:live',
  ) {
    const [fn, alias] = name.split(':');
    this.commands = aliasCommands(fn, alias);
    this.state = {
      name,
      primaryVersion: '3',
      token: 'rev-1',
      record: '',
      ...initial,
    };
  }

  async read(): Promise<TargetState> {
    return { ...this.state };
  }

  async set(token: string, routing: Routing, record?: string): Promise<TargetState> {
    this.beforeUpdate?.(++this.calls);
    if (token !== this.state.token) throw new StaleTokenError(token);
    this.changeBehindOurBack(routing, record);
    this.writes.push({ at: this.clock.now(), routing, record: this.state.record });
    return { ...this.state };
  }

  async preflight(): Promise<undefined> {
    return undefined;
  }

  /** Someone else's UpdateAlias: a new revision the shift has not read. */
  changeBehindOurBack(routing: Routing, record?: string): void {
    this.state = {
      ...this.state,
      primaryVersion: routing.primaryVersion,
      additional: routing.additional,
      token: `rev-${++this.revision}`,
      record: record ?? this.state.record,
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
