// The rollback's job summary: what was done and why, readable in the middle of an incident.
import { describeRouting } from '../core/routing.js';
import type { TargetCommands, TargetState } from '../core/traffic-target.js';
import { type DeploymentRecord, decodeRecord } from '../core/deployment-record.js';
import { summary, table } from '../core/markdown.js';
import type { RollbackPlan } from './decide.js';

export interface SuccessFacts {
  plan: RollbackPlan;
  reason: string;
  changed: boolean;
  before: TargetState;
  /** Read back with GetAlias after the restore. */
  verified: TargetState;
  deployment?: string;
}

export function successSummary(facts: SuccessFacts): string {
  const { plan, before, verified } = facts;
  const target = before.name;
  const restored = plan.request.previousVersion;
  // One short sentence; the weights it was at and the reason are the table's rows.
  const verdict = facts.changed
    ? `Rolled back ${target} to version ${restored}.`
    : `${target} was already fully on version ${restored}: nothing to roll back.`;
  const rows: unknown[][] = [
    ['Reason', facts.reason || 'not given'],
    ['Previous version', `${restored} (from the ${plan.source})`],
    ['Before', `${describeRouting(before)} (revision ${before.token})`],
    ['After (verified with GetAlias)', `${describeRouting(verified)} (revision ${verified.token})`],
    ['Deployment record', recordText(plan.record)],
    ['Record now', recordNow(plan, before)],
  ];
  if (facts.deployment) rows.push(['GitHub deployment', facts.deployment]);
  return summary({
    title: `Rollback: ${target}`,
    verdict,
    sections: [{ body: table(['What', 'Detail'], rows) }],
  });
}

export interface SkippedFacts {
  /** The alias as read: left exactly so. */
  state: TargetState;
  reason: string;
  /** Why this rollback may not touch the alias (rollbackIntent's reason). */
  why: string;
}

/** undo: this-run met a deployment this run did not make: nothing changed, and why. */
export function skippedSummary(facts: SkippedFacts): string {
  const { state } = facts;
  const target = state.name;
  return summary({
    title: `Rollback: ${target}`,
    verdict: `Nothing rolled back: ${target} holds no deployment of this run.`,
    sections: [
      {
        body: table(
          ['What', 'Detail'],
          [
            ['Reason for the rollback', facts.reason || 'not given'],
            ['Why nothing changed', facts.why],
            ['Alias now (unchanged)', `${describeRouting(state)} (revision ${state.token})`],
            ['Deployment record', recordText(decodeRecord(state.record))],
          ],
        ),
      },
    ],
  });
}

export interface FailureFacts {
  functionName: string;
  alias: string;
  /** How a person restores the alias by hand. */
  commands: TargetCommands;
  reason: string;
  message: string;
  /** The last alias state read, when one was. */
  state?: TargetState;
  /** Why the alias state is unknown, when it is. */
  stateUnknown?: string;
  /** The version the rollback meant to restore, when known: the fix command targets it. */
  targetVersion?: string;
}

export function failureSummary(facts: FailureFacts): string {
  const target = `${facts.functionName}:${facts.alias}`;
  const rows: unknown[][] = [
    ['Reason for the rollback', facts.reason || 'not given'],
    ['Error', facts.message],
    [
      'Alias now',
      facts.state
        ? `${describeRouting(facts.state)} (revision ${facts.state.token})`
        : `unknown: ${facts.stateUnknown ?? 'it could not be read'}`,
    ],
  ];
  const sections: { heading?: string; body: string }[] = [
    { body: table(['What', 'Detail'], rows) },
  ];
  if (facts.targetVersion) {
    sections.push({
      heading: `Restore version ${facts.targetVersion} by hand`,
      body: [
        'Run it once you know why the alias is where it is: it overwrites whatever is there.',
        '',
        '```sh',
        facts.commands.fix(facts.targetVersion),
        '```',
      ].join('\n'),
    });
  }
  // Where the alias is now is the "Alias now" row: the headline stays one short sentence.
  return summary({
    title: `Rollback: ${target}`,
    verdict: `Rollback of ${target} failed.`,
    sections,
  });
}

function recordNow(plan: RollbackPlan, before: TargetState): string {
  if (!plan.newRecord || plan.request.record === before.record) return 'unchanged';
  return recordText(plan.newRecord);
}

function recordText(record: DeploymentRecord | undefined): string {
  if (!record) return 'none';
  const started = new Date(record.startedAt).toISOString();
  const run = record.runUrl ? `, run ${record.runUrl}` : '';
  return `${record.previousVersion} -> ${record.version}, ${record.strategy || 'no strategy'}, started ${started}, status ${record.status}${run}`;
}
