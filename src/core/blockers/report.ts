// What people read: the verdict in one sentence, then every check with its state and detail,
// then the blockers and warnings by name. Also the JSON outputs, so the summary and the
// outputs can never disagree.
import { summary, table } from '../markdown.js';
import type { Check, CheckState, Reason } from './checks.js';
import { type BlockersConfig, targetName } from './config.js';
import type { BlockersVerdict } from './evaluate.js';

const STATE_LABEL: Record<CheckState, string> = {
  pass: '✅ pass',
  block: '⛔ block',
  warn: '⚠️ warn',
  error: '❌ error',
  skipped: '➖ skipped',
};

/** The run's first log line: what it is about to check, said before anything is fetched. */
export function checksSentence(config: BlockersConfig): string {
  const { names, prefixes } = config.alarms;
  const { windows, freezes, holidays } = config.calendar;
  const target = targetName(config) ?? '';
  const labels = config.blockingLabels.map((l) => `'${l}'`).join(' or ');
  const checks = [
    names.length ? `${names.length} alarm(s)` : '',
    prefixes.length ? `alarms starting with ${prefixes.map((p) => `'${p}'`).join(', ')}` : '',
    windows.length ? `${windows.length} deploy window(s)` : '',
    freezes.length ? `${freezes.length} freeze(s)` : '',
    holidays.length ? `public holidays in ${holidays.map((h) => h.code).join(', ')}` : '',
    labels ? `open issues labelled ${labels}` : '',
    target ? `whether ${target} is already split` : '',
  ].filter(Boolean);
  if (checks.length === 0)
    return 'Nothing to check: no alarms, windows, freezes, holidays, blocking labels or alias given.';
  return `Checking for deploy blockers${target ? ` to ${target}` : ''}: ${checks.join(', ')}.`;
}

export function verdictSentence(verdict: BlockersVerdict, target?: string): string {
  const what = target ? `Deploying ${target}` : 'A deployment';
  if (verdict.blocked) {
    const kinds = [...new Set(verdict.reasons.map((r) => r.kind))];
    const list = kinds
      .map((k) =>
        describeKind(
          k,
          verdict.reasons.filter((r) => r.kind === k),
        ),
      )
      .join(', ');
    return `${what} may not start now: ${list}.`;
  }
  if (verdict.overridden) {
    const o = verdict.override!;
    return `${what} may start under an emergency override by ${o.actor}, who lifted ${o.lifted.length} blocker(s): "${o.reason}".`;
  }
  const warnings = verdict.warnings.length;
  return `${what} may start now: no blocker found${warnings ? `, with ${warnings} warning(s) to read` : ''}.`;
}

function describeKind(kind: Reason['kind'], reasons: Reason[]): string {
  const n = reasons.length;
  const errors = reasons.filter((r) => r.state === 'error').length;
  const suffix = errors ? ` (${errors} could not be checked)` : '';
  switch (kind) {
    case 'alarm':
      return `${n} alarm problem(s)${suffix}`;
    case 'window':
      return 'outside every deploy window';
    case 'freeze':
      return `${n} freeze(s) in force`;
    case 'holiday':
      return 'a public holiday';
    case 'in-flight':
      return errors
        ? 'the alias could not be read'
        : 'another deployment is in flight on the alias';
    case 'issue':
      return `${n} open blocking issue(s)${suffix}`;
    case 'override':
      return 'the override was refused';
    case 'version':
      return errors ? 'the versions could not be read' : 'the new version cannot take traffic';
    default:
      return `${n} ${kind}`;
  }
}

function stateCell(check: Check): string {
  return check.overridden ? `${STATE_LABEL[check.state]} (overridden)` : STATE_LABEL[check.state];
}

export function renderSummary(verdict: BlockersVerdict, target?: string): string {
  const sections: { heading?: string; body: string }[] = [
    {
      body: table(
        ['Check', 'State', 'Detail'],
        verdict.checks.map((c) => [c.title, stateCell(c), c.detail]),
      ),
    },
  ];
  if (verdict.reasons.length > 0) {
    sections.push({
      heading: 'Blockers',
      body: table(
        ['Kind', 'Name', 'State', 'Detail'],
        verdict.reasons.map((r) => [r.kind, r.name, r.state, r.detail]),
      ),
    });
  }
  if (verdict.override) {
    const o = verdict.override;
    sections.push({
      heading: 'Override',
      body: table(
        ['Actor', 'Reason', 'Kinds named', 'Allowed', 'Lifted'],
        [
          [
            o.actor,
            o.reason,
            o.kinds.join(', '),
            o.allowed ? 'yes' : `no: ${o.refusal}`,
            o.lifted.map((r) => `${r.kind} ${r.name}`).join('; ') || 'nothing',
          ],
        ],
      ),
    });
  }
  if (verdict.warnings.length > 0) {
    sections.push({
      heading: 'Warnings and advice',
      body: table(
        ['Kind', 'Name', 'Detail'],
        verdict.warnings.map((w) => [w.kind, w.name, w.detail]),
      ),
    });
  }
  return summary({
    title: `check-blockers${target ? `: ${target}` : ''}`,
    verdict: verdictSentence(verdict, target),
    sections,
  });
}

/** The action's outputs, all derived from the verdict. */
export function verdictOutputs(verdict: BlockersVerdict): Record<string, string> {
  const o = verdict.override;
  const strip = ({ kind, name, detail, state }: Reason) => ({ kind, name, detail, state });
  return {
    blocked: String(verdict.blocked),
    reasons: JSON.stringify(verdict.reasons.map(strip)),
    overridden: String(verdict.overridden),
    override: o
      ? JSON.stringify({
          actor: o.actor,
          reason: o.reason,
          kinds: o.kinds,
          allowed: o.allowed,
          lifted: o.lifted.map(strip),
          ...(o.refusal ? { refusal: o.refusal } : {}),
        })
      : '',
    checks: JSON.stringify(
      verdict.checks.map((c) => ({
        kind: c.kind,
        state: c.state,
        detail: c.detail,
        ...(c.overridden ? { overridden: true } : {}),
      })),
    ),
    'next-start': verdict.nextStart !== undefined ? new Date(verdict.nextStart).toISOString() : '',
  };
}
