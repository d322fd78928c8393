// The port every deployment target implements, named after nothing in any cloud: it serves
// a routing between versions, guards every change with an opaque concurrency token, and
// keeps the deployment record beside the routing so any later job can read both at once.
// Core decides; a target only reads, sets, checks a pair of versions and says how a person
// fixes it by hand. Argo Rollouts' traffic-routing reconciler (set weight, verify, type) is
// the model.
import type { Routing } from './routing.js';

export interface TargetState extends Routing {
  /** How messages name the target, e.g. "orders:live". */
  name: string;
  /** The concurrency token read with this state: a set carries it, a stale one is refused. */
  token: string;
  /** The deployment record kept with the routing ('' when there is none). */
  record: string;
}

/** Commands a person runs by hand. Shown, never run: the suite itself only calls the port. */
export interface TargetCommands {
  /** Puts the target fully on `version`. */
  fix(version: string): string;
  /** Shows the target as it is now. */
  look(): string;
  /** Closes a stale deployment record without touching routing. */
  clearRecord(): string;
}

/** Why a (previous, next) pair cannot be split, found before anything changes. */
export interface PreflightProblem {
  /** Set when `next` does not exist at all: the input naming it is wrong. */
  missing?: string;
  reason: string;
}

export interface TrafficTarget {
  /** How messages name the target; the same as its states' `name`. */
  readonly name: string;
  /** What kind of target this is, for the summary and the decision log. */
  readonly kind: string;
  readonly commands: TargetCommands;
  /** `signal` ends the call at once: a cancel must not wait on a call that hangs. */
  read(signal?: AbortSignal): Promise<TargetState>;
  /**
   * Sets `routing` (and `record`, when given) if the target still carries `token`; rejects
   * with StaleTokenError when it does not, so nothing of anyone else's is overwritten.
   */
  set(token: string, routing: Routing, record?: string, signal?: AbortSignal): Promise<TargetState>;
  /** Whatever would make the target refuse to split `previous` and `next` later. */
  preflight(
    previous: string,
    next: string,
    signal?: AbortSignal,
  ): Promise<PreflightProblem | undefined>;
}

/** A target's answer to a set carrying a token it no longer has. */
export class StaleTokenError extends Error {
  constructor(readonly token: string) {
    super(`the target changed since token ${token} was read`);
    this.name = 'StaleTokenError';
  }
}

/**
 * What a person runs when the suite could not read the target: look first, then put it
 * fully on `version`.
 */
export function lookAndRestore(commands: TargetCommands, version: string): string {
  return `Look with: ${commands.look()}; restore it with: ${commands.fix(version)}`;
}

/** Quotes a value for a POSIX shell command that is shown, never run. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
