// The audited escape hatch: an emergency override lifts the named kinds of blocker, only
// with a reason and only for an actor on the allow-list. A re-run by someone else does not
// inherit the original actor's right: the triggering actor must be allowed too.
import type { OverrideRequest } from './config.js';
import type { Reason } from './checks.js';

export interface Actors {
  /** GITHUB_ACTOR: who started the run. */
  actor: string;
  /** GITHUB_TRIGGERING_ACTOR: who started this attempt (differs on a re-run). */
  triggeringActor?: string;
}

export interface OverrideOutcome {
  allowed: boolean;
  actor: string;
  reason: string;
  kinds: string[];
  /** Blockers this override lifted. */
  lifted: Reason[];
  /** Blockers still in force. */
  remaining: Reason[];
  /** Why the override was refused, when it was. */
  refusal?: string;
}

export function applyOverride(
  request: OverrideRequest,
  actors: Actors,
  reasons: Reason[],
): OverrideOutcome {
  const refusal = refuse(request, actors);
  const base = { actor: actors.actor, reason: request.reason, kinds: request.kinds };
  if (refusal) return { ...base, allowed: false, lifted: [], remaining: reasons, refusal };
  const liftable = (r: Reason): boolean => (request.kinds as string[]).includes(r.kind);
  return {
    ...base,
    allowed: true,
    lifted: reasons.filter(liftable),
    remaining: reasons.filter((r) => !liftable(r)),
  };
}

function refuse(request: OverrideRequest, { actor, triggeringActor }: Actors): string | undefined {
  const allowed = (login: string): boolean => request.actors.includes(login.toLowerCase());
  const list = request.actors.join(', ');
  if (!actor) return 'GITHUB_ACTOR is not set, so no one can be held to the override';
  if (!allowed(actor)) return `${actor} is not in override-actors (${list})`;
  if (
    triggeringActor &&
    triggeringActor.toLowerCase() !== actor.toLowerCase() &&
    !allowed(triggeringActor)
  ) {
    return `this attempt was started by ${triggeringActor}, who is not in override-actors (${list})`;
  }
  return undefined;
}
