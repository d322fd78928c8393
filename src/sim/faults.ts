import { SimError } from './errors.js';

export type FaultKind =
  'throttle' | 'server-error' | 'latency' | 'drop' | 'conflict' | 'access-denied';

export interface FaultSpec {
  /** `Lambda.UpdateAlias`, `CloudWatch.DescribeAlarms`, a bare operation name, or `*`. */
  operation: string;
  kind: FaultKind;
  /** Fires on the next `count` matching calls, then retires. */
  count?: number;
  /** Fires on each matching call with this probability (seeded). Default 1. */
  probability?: number;
  /** For `latency`: real milliseconds added before answering. */
  latencyMs?: number;
  /** For a Lambda `throttle`: the Retry-After header the SDK reads as retryAfterSeconds. */
  retryAfterSeconds?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  fired: number;
}

export type FaultAction =
  { kind: 'error'; error: SimError } | { kind: 'drop' } | { kind: 'latency'; ms: number };

export class Faults {
  readonly active: Fault[] = [];
  private nextId = 1;

  constructor(private random: () => number) {}

  add(spec: FaultSpec): Fault {
    const f: Fault = { ...spec, id: this.nextId++, fired: 0 };
    this.active.push(f);
    return f;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** The actions that apply to this call, latency first; consumes counted faults. */
  match(service: 'Lambda' | 'CloudWatch' | 'GitHub', operation: string): FaultAction[] {
    const out: FaultAction[] = [];
    for (const f of [...this.active]) {
      const hit =
        f.operation === '*' ||
        f.operation === operation ||
        f.operation === `${service}.${operation}`;
      if (!hit) continue;
      if (f.probability !== undefined && this.random() >= f.probability) continue;
      f.fired++;
      if (f.count !== undefined && f.fired >= f.count)
        this.active.splice(this.active.indexOf(f), 1);
      out.push(toAction(f, service));
    }
    return out.sort((a, b) => (a.kind === 'latency' ? -1 : 0) - (b.kind === 'latency' ? -1 : 0));
  }
}

function toAction(f: Fault, service: string): FaultAction {
  switch (f.kind) {
    case 'latency':
      return { kind: 'latency', ms: f.latencyMs ?? 1000 };
    case 'drop':
      return { kind: 'drop' };
    case 'throttle':
      return {
        kind: 'error',
        error:
          service === 'Lambda'
            ? new SimError('TooManyRequestsException', 429, 'Rate exceeded', {
                retryAfterSeconds: f.retryAfterSeconds ?? 1,
                reason: 'CallerRateLimitExceeded',
              })
            : new SimError('Throttling', 400, 'Rate exceeded'),
      };
    case 'conflict':
      return {
        kind: 'error',
        error: new SimError(
          service === 'Lambda' ? 'ResourceConflictException' : 'ResourceConflict',
          409,
          'The operation cannot be performed at this time. An update is in progress for resource.',
        ),
      };
    case 'access-denied':
      // A role without the permission: AWS answers 403 every time, however long one waits.
      return {
        kind: 'error',
        error:
          service === 'Lambda'
            ? new SimError(
                'AccessDeniedException',
                403,
                'User is not authorized to perform this action.',
              )
            : new SimError('AccessDenied', 403, 'User is not authorized to perform this action.'),
      };
    case 'server-error':
      return {
        kind: 'error',
        error:
          service === 'Lambda'
            ? new SimError('ServiceException', 500, 'The service encountered an internal error.', {
                type: 'Service',
              })
            : new SimError('InternalServiceError', 500, 'Internal service error.'),
      };
  }
}
