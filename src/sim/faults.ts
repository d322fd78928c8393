import { SimError } from './errors.js';
import type { Service } from './wire.js';

export const FAULT_KINDS = [
  'throttle',
  'server-error',
  'latency',
  'drop',
  'conflict',
  'access-denied',
  'stale-identical',
  'stale-foreign',
  'reply-lost',
  'hang',
  'signature',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** How `stale-foreign`'s other actor changes the alias; unset fields keep the alias's value. */
export interface AliasChange {
  functionVersion?: string;
  /** Replaces the additional version weights; `{}` clears them. */
  weights?: Record<string, number>;
  description?: string;
}

export interface FaultSpec {
  /** `Lambda.UpdateAlias`, `CloudWatch.DescribeAlarms`, a bare operation name, or `*`. */
  operation: string;
  kind: FaultKind;
  /** The first `skip` matching calls pass untouched; the fault fires from the next one. */
  skip?: number;
  /** Fires on the next `count` matching calls (after `skip`), then retires. */
  count?: number;
  /** Fires on each matching call with this probability (seeded). Default 1. */
  probability?: number;
  /** For `latency`: real milliseconds added before answering. */
  latencyMs?: number;
  /** For a Lambda `throttle`: the Retry-After header the SDK reads as retryAfterSeconds. */
  retryAfterSeconds?: number;
  /** For `stale-foreign`. Default: all traffic on the current primary, `changed by hand`. */
  aliasChange?: AliasChange;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Matching calls let through because of `skip`. */
  skipped: number;
  fired: number;
}

/** What the server knows of a call when it asks which faults apply. */
export interface FaultedCall {
  service: Service;
  operation: string;
  params: Record<string, unknown>;
}

/** Kinds that only mean something for some calls; other calls neither fire nor skip them. */
function appliesTo(kind: FaultKind, call: FaultedCall): boolean {
  if (kind === 'stale-identical' || kind === 'stale-foreign')
    return call.service === 'Lambda' && !!call.params.FunctionName && !!call.params.Name;
  // GitHub has no request signature to echo.
  if (kind === 'signature') return call.service !== 'GitHub';
  return true;
}

export class Faults {
  readonly active: Fault[] = [];
  private nextId = 1;

  constructor(private random: () => number) {}

  add(spec: FaultSpec): Fault {
    validate(spec);
    const f: Fault = { ...spec, id: this.nextId++, skipped: 0, fired: 0 };
    this.active.push(f);
    return f;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** The faults that fire on this call, latency first; consumes counted faults. */
  match(call: FaultedCall): Fault[] {
    const { service, operation } = call;
    const out: Fault[] = [];
    for (const f of [...this.active]) {
      const hit =
        f.operation === '*' ||
        f.operation === operation ||
        f.operation === `${service}.${operation}`;
      if (!hit || !appliesTo(f.kind, call)) continue;
      if (f.skipped < (f.skip ?? 0)) {
        f.skipped++;
        continue;
      }
      if (f.probability !== undefined && this.random() >= f.probability) continue;
      f.fired++;
      if (f.count !== undefined && f.fired >= f.count)
        this.active.splice(this.active.indexOf(f), 1);
      out.push(f);
    }
    return out.sort((a, b) => (a.kind === 'latency' ? -1 : 0) - (b.kind === 'latency' ? -1 : 0));
  }
}

/** Refuses a spec that would silently never fire, so a test learns of its typo at once. */
function validate(spec: FaultSpec): void {
  const bad = (message: string): SimError => new SimError('InvalidFault', 400, message);
  if (typeof spec.operation !== 'string' || !spec.operation)
    throw bad('A fault needs an operation (`Lambda.UpdateAlias`, `DescribeAlarms`, `*`).');
  if (!(FAULT_KINDS as readonly string[]).includes(spec.kind))
    throw bad(`Unknown fault kind ${String(spec.kind)}; known: ${FAULT_KINDS.join(', ')}.`);
  for (const [k, min] of [
    ['skip', 0],
    ['count', 1],
  ] as const) {
    const v = spec[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= min))
      throw bad(`${k} must be a whole number >= ${min}, got ${String(v)}.`);
  }
  if (spec.aliasChange !== undefined && spec.kind !== 'stale-foreign')
    throw bad('aliasChange belongs to a stale-foreign fault.');
}
