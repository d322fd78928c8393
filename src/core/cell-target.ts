// A cell: several targets (each with its own previous and new version) moved as one
// deployment. It is itself a TrafficTarget, so the shift loop, the restore, the start
// decision and the post step drive it exactly as they drive one alias: every step moves every
// member, and a failure anywhere restores them all.
//
// Versions of the cell are labels: the members' versions in member order, joined by commas
// ("3,7,2"). The token is opaque: it names the member states read with it. Each member keeps
// its own deployment record (its own versions, and the cell's name), so any one of them can
// be read, blocked on or rolled back by itself too.
import type { Clock } from './clock.js';
import { decodeRecord, encodeRecord, type DeploymentRecord } from './deployment-record.js';
import { errorText } from './error-text.js';
import {
  describeRouting,
  isSplit,
  type Routing,
  routingBetween,
  sameRouting,
  versionsIn,
  weightOf,
} from './routing.js';
import { applyRouting, TargetChangedError } from './routing-update.js';
import {
  type PreflightProblem,
  StaleTokenError,
  type TargetCommands,
  type TargetState,
  type TrafficTarget,
} from './traffic-target.js';

export interface CellMember {
  target: TrafficTarget;
  /**
   * The version this deployment moves the member to. Undefined: the version the member's
   * deployment record names, learnt at the first read (a rollback of a cell knows only
   * which functions it holds).
   */
  version?: string;
}

export interface CellPace {
  /** Member calls in flight at once. */
  concurrency: number;
  /** Member calls started per second, at most: the control plane's rate limit is shared. */
  perSecond: number;
}

export interface CellOptions {
  name: string;
  members: CellMember[];
  clock: Clock;
  pace: CellPace;
}

/** The cell's version label for one version per member, in member order. */
export function cellLabel(versions: string[]): string {
  return versions.join(',');
}

/** The member states a token was read with, and what they mean for the cell. */
interface Reading {
  states: TargetState[];
  previous: string[];
}

export class CellTarget implements TrafficTarget {
  readonly kind = 'cell';
  readonly name: string;
  readonly commands: TargetCommands;
  private readonly members: CellMember[];
  private readonly readings = new Map<string, Reading>();
  /** The members' previous versions as last read: what the labels mean. */
  private previous: string[] | undefined;
  /** When the next member call may start (epoch ms). */
  private nextStart = 0;
  private tokens = 0;
  /** Each member's version: given, or learnt from its record at the first read. */
  private readonly next: (string | undefined)[];

  constructor(private readonly options: CellOptions) {
    this.name = `cell ${options.name}`;
    this.members = options.members;
    this.next = options.members.map((m) => m.version);
    this.commands = {
      fix: (label) =>
        this.members
          .map((m, i) => m.target.commands.fix(this.versionsOf(label)[i] ?? label))
          .join('; '),
      look: () => this.members.map((m) => m.target.commands.look()).join('; '),
      clearRecord: () => this.members.map((m) => m.target.commands.clearRecord()).join('; '),
    };
  }

  /** The next versions' label: what a shift of the cell deploys. */
  get version(): string {
    return cellLabel(this.members.map((_, i) => this.versionAt(i)));
  }

  async read(signal?: AbortSignal): Promise<TargetState> {
    const states = await this.each((m) => m.target.read(signal), { stopOnError: false });
    return this.compose(states);
  }

  async set(
    token: string,
    routing: Routing,
    record?: string,
    signal?: AbortSignal,
  ): Promise<TargetState> {
    const seen = this.readings.get(token);
    if (!seen) throw new StaleTokenError(token);
    const now = this.compose(seen.states, false);
    // The routing as read, given back (a record-only write): every member keeps its own.
    const keepRouting = routing.uneven === true || sameRouting(routing, now);
    const restore = !isSplit(routing) && routing.primaryVersion === now.labels.previous;
    const states = [...seen.states];
    try {
      await this.each(
        async (m, i) => {
          const target = keepRouting ? seen.states[i] : this.memberRouting(routing, i, seen);
          const memberRecord =
            record === undefined ? undefined : this.memberRecord(record, i, seen);
          // One try per member: the shift's own retry repeats the whole set, and a member
          // already at its target is then accepted as it is, not written again.
          states[i] = await applyRouting(m.target, seen.states[i], target, memberRecord, {
            clock: this.options.clock,
            retry: { attempts: 1, baseMs: 0, capMs: 0 },
            ...(signal ? { signal } : {}),
          });
        },
        // A restore goes on past a member it cannot restore: every other one gets back.
        { stopOnError: !restore },
      );
    } catch (error) {
      // Someone else changed a member: the cell as this token saw it is gone.
      if (error instanceof TargetChangedError) throw new StaleTokenError(token);
      throw error;
    }
    return this.compose(states);
  }

  /** Every member as it is now, for the summary: a member that cannot be read says why. */
  async describeMembers(
    signal?: AbortSignal,
  ): Promise<{ target: string; previousVersion: string; version: string; now: string }[]> {
    const previous = this.previous ?? this.members.map(() => '');
    return this.each(
      async (m, i) => ({
        target: m.target.name,
        previousVersion: previous[i],
        version: this.versionAt(i),
        now: await m.target.read(signal).then(
          (state) => describeRouting(state),
          (error: unknown) => `could not be read (${errorText(error)})`,
        ),
      }),
      { stopOnError: false },
    );
  }

  async preflight(
    previous: string,
    next: string,
    signal?: AbortSignal,
  ): Promise<PreflightProblem | undefined> {
    const before = this.versionsOf(previous);
    const after = this.versionsOf(next);
    const problems = await this.each(
      (m, i) =>
        before[i] === after[i]
          ? Promise.resolve(undefined)
          : m.target.preflight(before[i], after[i], signal),
      // A Lambda preflight reads both versions: two calls a member.
      { stopOnError: true, callsEach: 2 },
    );
    const i = problems.findIndex((p) => p !== undefined);
    if (i < 0) return undefined;
    const problem = problems[i]!;
    return {
      ...(problem.missing ? { missing: problem.missing } : {}),
      reason: `${this.members[i].target.name}: ${problem.reason}`,
    };
  }

  /** The cell's state from its members', registered under a new token. */
  private compose(
    states: TargetState[],
    register = true,
  ): TargetState & { labels: { previous: string; next: string } } {
    const records = states.map((s) => decodeRecord(s.record));
    // A member without a given version deploys the one its record names, or none at all.
    for (const [i, r] of records.entries()) this.next[i] ??= r?.version ?? states[i].primaryVersion;
    const previous = states.map((s, i) => previousOf(s, records[i], this.versionAt(i)));
    this.previous = previous;
    const labels = { previous: cellLabel(previous), next: this.version };
    const token = `cell-${++this.tokens}`;
    if (register) this.readings.set(token, { states, previous });
    // Members already on their new version (unchanged in this release) move nothing.
    const moving = states.map((_, i) => i).filter((i) => previous[i] !== this.versionAt(i));
    const weights = moving.map((i) => weightOf(states[i], this.versionAt(i)));
    const ours = states.every((s, i) =>
      versionsIn(s).every((v) => v === previous[i] || v === this.versionAt(i)),
    );
    let routing: Routing;
    if (!ours) {
      // Some member routes to a version this deployment did not set: the cell shows each
      // member's own versions, which the shift sees as someone else's.
      routing = {
        primaryVersion: cellLabel(states.map((s) => s.primaryVersion)),
        ...(states.some(isSplit)
          ? {
              additional: {
                version: cellLabel(states.map((s) => s.additional?.version ?? s.primaryVersion)),
                weight: Math.max(...states.map((s) => s.additional?.weight ?? 0)),
              },
            }
          : {}),
      };
    } else if (weights.every((w) => Math.abs(w - (weights[0] ?? 1)) < 1e-9)) {
      routing = routingBetween(labels.previous, labels.next, weights[0] ?? 1);
    } else {
      // Members at different weights (a run died between two members' updates): split,
      // and never equal to any routing the shift asks for, so it is restored or refused.
      routing = {
        primaryVersion: labels.previous,
        additional: { version: labels.next, weight: Math.max(...weights) },
        uneven: true,
      };
    }
    return {
      name: this.name,
      ...routing,
      token,
      record: this.composeRecord(records, labels),
      labels,
    };
  }

  /** One record for the cell when every member's says the same; '' otherwise. */
  private composeRecord(
    records: (DeploymentRecord | undefined)[],
    labels: { previous: string; next: string },
  ): string {
    const first = records[0];
    if (!first) return '';
    const same = (r: DeploymentRecord | undefined) =>
      r !== undefined &&
      r.cell === this.options.name &&
      r.status === first.status &&
      r.startedAt === first.startedAt &&
      r.strategy === first.strategy &&
      r.stepWeight === first.stepWeight &&
      r.stepStartedAt === first.stepStartedAt &&
      r.owner?.token === first.owner?.token;
    if (!records.every(same)) return '';
    const { cell: _cell, ...rest } = first;
    return encodeRecord({ ...rest, previousVersion: labels.previous, version: labels.next });
  }

  private memberRecord(record: string, i: number, seen: Reading): string {
    const decoded = decodeRecord(record);
    if (!decoded) return record;
    return encodeRecord({
      ...decoded,
      previousVersion: seen.previous[i],
      version: this.versionAt(i),
      cell: this.options.name,
    });
  }

  private memberRouting(routing: Routing, i: number, seen: Reading): Routing {
    const previous = seen.previous[i];
    const next = this.versionAt(i);
    const labels = { previous: cellLabel(seen.previous), next: this.version };
    if (previous === next) return { primaryVersion: next };
    if (!isSplit(routing)) {
      if (routing.primaryVersion === labels.previous) return { primaryVersion: previous };
      if (routing.primaryVersion === labels.next) return { primaryVersion: next };
    } else if (
      routing.primaryVersion === labels.previous &&
      routing.additional!.version === labels.next
    ) {
      return routingBetween(previous, next, routing.additional!.weight);
    }
    throw new Error(`the cell cannot route ${JSON.stringify(routing)}: not between its versions`);
  }

  private versionAt(i: number): string {
    const version = this.next[i];
    if (version === undefined)
      throw new Error('the cell was not read yet: its versions are unknown');
    return version;
  }

  /** A label's versions per member; the previous label as last read if it is that. */
  private versionsOf(label: string): string[] {
    const versions = label.split(',');
    return versions.length === this.members.length
      ? versions
      : (this.previous ?? this.members.map(() => label));
  }

  /**
   * Runs `call` for every member, at most `concurrency` at once and `perSecond` started per
   * second. With stopOnError, no member is started after one failed; the first error is
   * thrown once the calls in flight have ended, so none is left running.
   */
  private async each<T>(
    call: (member: CellMember, i: number) => Promise<T>,
    { stopOnError, callsEach = 1 }: { stopOnError: boolean; callsEach?: number },
  ): Promise<T[]> {
    const results: T[] = new Array(this.members.length);
    const { concurrency, perSecond } = this.options.pace;
    const clock = this.options.clock;
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (stopOnError && failure) return;
        const i = next++;
        if (i >= this.members.length) return;
        for (let c = 0; c < callsEach; c++) await this.paced(clock, perSecond);
        try {
          results[i] = await call(this.members[i], i);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.members.length) }, worker));
    if (failure) throw failure.error;
    return results;
  }

  /**
   * Waits until a call may start: one every 1/perSecond seconds, evenly spaced. A burst of
   * a second's calls at once would meet the next second's burst at the service whenever a
   * request is delayed in between, and be throttled though the average is under the rate.
   */
  private async paced(clock: Clock, perSecond: number): Promise<void> {
    const at = Math.max(clock.now(), this.nextStart);
    this.nextStart = at + 1000 / perSecond;
    const wait = at - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }
}

/** A member's previous version: its record's, when the record is this deployment's. */
function previousOf(
  state: TargetState,
  record: DeploymentRecord | undefined,
  version: string,
): string {
  if (record?.version === version) return record.previousVersion;
  return state.primaryVersion;
}
