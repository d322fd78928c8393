// check-blockers: "may we start now?". Reads and checks every input first, fetches the
// signals concurrently, lets core decide, and writes the answer to outputs, the job
// summary and annotations. It changes nothing in AWS or GitHub.
import { isEmptySelection } from '../core/alarms.js';
import { InputError } from '../core/input-error.js';
import { systemClock } from '../core/clock.js';
import { isRetryable, withPermission, withRetry } from '../core/retry.js';
import type { Fetched } from '../core/blockers/checks.js';
import { type BlockersConfig, parseBlockersConfig, targetName } from '../core/blockers/config.js';
import { loadHolidaysLibrary } from '../core/blockers/holidays.js';
import {
  type BlockersVerdict,
  evaluateBlockers,
  type IssueSignal,
} from '../core/blockers/evaluate.js';
import {
  checksSentence,
  renderSummary,
  verdictOutputs,
  verdictSentence,
} from '../core/blockers/report.js';
import { resolveRegion } from '../core/region.js';
import { rollbackTargetOf } from '../core/blockers/version-checks.js';
import { rawInput, secretInput } from '../adapters/action-inputs.js';
import { Reporter } from '../adapters/report.js';
import { runActors } from '../adapters/run-identity.js';
import { errorText } from '../core/error-text.js';
import { holidayFiles } from './holiday-files.js';
import { aliasCommands } from '../adapters/lambda/commands.js';

export async function run(): Promise<void> {
  const reporter = new Reporter();
  try {
    // Loaded only when asked for, and only the countries named: all of them are large.
    const holidaysLibrary = await loadHolidaysLibrary(rawInput('holidays'), holidayFiles);
    const config = parseBlockersConfig(rawInput, holidaysLibrary);
    const token = secretInput('github-token');
    const { target, cell } = config;
    const checksAlarms = !isEmptySelection(config.alarms);
    // Checked with the other inputs: a bad region is an input error, before any call.
    const region = checksAlarms || target || cell ? resolveRegion(rawInput('region')) : undefined;
    reporter.info(checksSentence(config));

    // The SDK loads only now, once every input is known to be good (it takes ~100 ms), and
    // only when something in AWS is to be checked.
    const aws = region ? await import('../adapters/aws-api.js') : undefined;
    const lambda = aws && (target || cell) ? aws.lambdaClient({ region }) : undefined;
    const port =
      aws && lambda
        ? cell
          ? aws.cellTarget(cell, { region: region!, client: lambda })
          : target
            ? aws.aliasTarget(target, { region: region!, client: lambda })
            : undefined
        : undefined;
    const [alarms, alias, issues] = await Promise.all([
      aws && checksAlarms
        ? fetched(
            () => aws.describeAlarms(aws.cloudWatchClient({ region }), config.alarms),
            'cloudwatch:DescribeAlarms',
          )
        : undefined,
      port ? fetched(() => port.read(), 'lambda:GetAlias') : undefined,
      token && config.blockingLabels.length > 0
        ? fetched(() => blockingIssues(token, config.blockingLabels), 'issues: read')
        : undefined,
    ]);
    // After the alias: the version a rollback returns to is the one the alias is on.
    const version = target?.version;
    const versions =
      aws && lambda && target && version
        ? await fetched(() => {
            const back = alias?.ok ? rollbackTargetOf(alias.value, version) : undefined;
            return withRetry(
              (s) => aws.readVersions(lambda, target.functionName, version, back, s),
              { clock: systemClock },
            );
          }, 'lambda:GetFunctionConfiguration')
        : undefined;
    const actors = runActors();
    const commands =
      port?.commands ?? (target ? aliasCommands(target.functionName, target.alias) : undefined);
    const verdict = evaluateBlockers(
      { alarms, alias, ...(commands ? { commands } : {}), issues, versions, actors },
      config,
      systemClock.now(),
    );
    await report(reporter, verdict, config);
  } catch (error) {
    // Whatever happened, later steps reading the outputs must not see a start allowed.
    reporter.setOutputs({ blocked: true, overridden: false });
    if (error instanceof InputError) reporter.fail(error.message);
    else
      reporter.fail(
        `check-blockers could not finish, so the deployment is blocked: ${errorText(error)}`,
      );
  }
}

async function report(
  reporter: Reporter,
  verdict: BlockersVerdict,
  config: BlockersConfig,
): Promise<void> {
  const target = targetName(config);
  reporter.setOutputs(verdictOutputs(verdict));
  for (const check of verdict.checks)
    reporter.info(
      `${check.title}: ${check.state}${check.overridden ? ' (overridden)' : ''} - ${check.detail}`,
    );
  const o = verdict.override;
  if (o?.allowed) {
    reporter.warning(
      `Emergency override by ${o.actor}: "${o.reason}". Lifted: ${o.lifted.map((r) => `${r.kind} ${r.name}`).join(', ') || 'nothing (nothing it names was blocking)'}.`,
      'Deploy blockers overridden',
    );
  }
  for (const w of verdict.warnings.filter((w) => w.kind !== 'advice'))
    reporter.warning(`${w.name}: ${w.detail}`, `Deploy check warning: ${w.kind}`);
  const advice = verdict.checks.find((c) => c.kind === 'advice' && c.state === 'warn');
  if (advice)
    reporter.warning(`${advice.detail}. See the job summary for each alarm.`, 'Alarm advice');
  for (const r of verdict.reasons)
    reporter.error(`${r.name}: ${r.detail}`, `Deploy blocked: ${r.kind}`);
  await reporter.writeSummary(renderSummary(verdict, target));
  const sentence = verdictSentence(verdict, target);
  if (!verdict.blocked) reporter.info(sentence);
  else if (config.failOnBlock) reporter.fail(sentence);
  else
    reporter.warning(
      `${sentence} (fail-on-block is false: the step passes; read the blocked output.)`,
      'Deploy blocked',
    );
}

/** Runs a fetch; a failure becomes data ("could not be checked"), which core treats as a stop. */
async function fetched<T>(read: () => Promise<T>, permission: string): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    // A denial names the permission to grant (errorText adds it for permanent denials).
    return { ok: false, error: errorText(withPermission(error, permission)) };
  }
}

async function blockingIssues(token: string, labels: string[]): Promise<IssueSignal[]> {
  const { openIssuesWithLabel } = await import('../adapters/github.js');
  const byNumber = new Map<number, IssueSignal>();
  // GitHub's labels filter means "has every label", so each label is its own query.
  for (const label of labels) {
    const issues = await withRetry(() => openIssuesWithLabel(token, label), {
      clock: systemClock,
      retryable: githubRetryable,
    });
    for (const issue of issues)
      if (!byNumber.has(issue.number)) byNumber.set(issue.number, { ...issue, label });
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

function githubRetryable(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return isRetryable(error) || status === 429 || (status !== undefined && status >= 500);
}
