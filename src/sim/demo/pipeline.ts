// One release, run the way the example workflow's production job runs it: check-blockers,
// shift-traffic, bake-and-watch, and rollback `if: failure()`. Each action runs from its
// committed bundle in dist/ through the runner harness, exactly as a GitHub runner would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAction, type ActionResult } from '../../../test/harness/runner.js';
import type { Simulator } from '../index.js';
import { presentLine, say } from './log.js';
import { ALIAS, FUNCTION, SLO_ALARM } from './scenario.js';

/**
 * A false-rollback budget of 0.1% rather than the default 1%: the demo runs in CI, and a
 * good release must not fail it by chance; the bad one is still caught in seconds (p ~ 1e-7).
 */
const DEMO_SIGNIFICANCE = '0.1%';

export interface ReleasePlan {
  label: string;
  version: string;
  versionAlarm: string;
  strategy: string;
  bakeTime: string;
}

export interface ReleaseOutcome {
  failedStep?: string;
  steps: { action: string; outcome: string; summaryFile?: string }[];
}

export class Pipeline {
  private summaries = 0;
  /** Each release is its own workflow run, so rollback's undo: this-run tells them apart. */
  private runId = 8_100_000_000;

  constructor(
    private readonly sim: Simulator,
    private readonly outputDir: string,
  ) {}

  async release(plan: ReleasePlan): Promise<ReleaseOutcome> {
    const outcome: ReleaseOutcome = { steps: [] };
    this.runId += 1;
    const common = { 'function-name': FUNCTION, alias: ALIAS };
    const steps: [string, Record<string, string>][] = [
      ['check-blockers', { ...common, alarms: SLO_ALARM, 'bake-time': plan.bakeTime }],
      [
        'shift-traffic',
        {
          ...common,
          version: plan.version,
          strategy: plan.strategy,
          alarms: plan.versionAlarm,
          'poll-interval': '1s',
          // Judge each step from per-version evidence too, not only from the alarm.
          'compare-metrics': 'true',
          significance: DEMO_SIGNIFICANCE,
          period: '5s',
        },
      ],
      [
        'bake-and-watch',
        {
          ...common,
          version: plan.version,
          'bake-time': plan.bakeTime,
          'max-bake-time': '40s',
          alarms: plan.versionAlarm,
          period: '5s',
          'poll-interval': '5s',
          'min-invocations': '200',
          significance: DEMO_SIGNIFICANCE,
        },
      ],
    ];
    for (const [action, inputs] of steps) {
      const result = await this.run(plan, action, inputs, outcome);
      if (result.outcome !== 'success') {
        outcome.failedStep = action;
        break;
      }
    }
    if (outcome.failedStep) {
      say('rollback', `runs because ${outcome.failedStep} failed (if: failure())`);
      await this.run(
        plan,
        'rollback',
        { ...common, reason: `${outcome.failedStep} failed for ${plan.label}` },
        outcome,
      );
    }
    return outcome;
  }

  private async run(
    plan: ReleasePlan,
    action: string,
    inputs: Record<string, string>,
    outcome: ReleaseOutcome,
  ): Promise<ActionResult> {
    say(
      action,
      `starts (${Object.entries(inputs)
        .map(([k, v]) => `${k}=${v.replace(/\n/g, ',')}`)
        .join(' ')})`,
    );
    const result = await runAction({
      action,
      inputs,
      // On GitHub the actions run on node24; the SDK's warning about this machine's Node 20
      // would only clutter the timeline.
      env: {
        ...this.sim.env,
        GITHUB_ACTOR: 'demo-user',
        GITHUB_RUN_ID: String(this.runId),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      githubToken: 'demo-token',
      onLine: (line, step) => {
        const text = presentLine(line);
        if (text) say(step === 'post' ? `${action} (post)` : action, text);
      },
    });
    const summaryFile = this.writeSummary(plan, action, result.summary);
    const verdict = result.outcome === 'success' ? 'succeeded' : 'FAILED';
    const outputs = Object.entries(result.outputs)
      .filter(
        ([name, value]) =>
          value !== '' && !['decision-log', 'reasons', 'checks', 'override'].includes(name),
      )
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    say(action, `${verdict}${outputs ? ` · ${outputs}` : ''}`);
    outcome.steps.push({ action, outcome: result.outcome, summaryFile });
    return result;
  }

  private writeSummary(plan: ReleasePlan, action: string, summary: string): string | undefined {
    if (!summary.trim()) return undefined;
    const file = join(
      this.outputDir,
      `${String(++this.summaries).padStart(2, '0')}-v${plan.version}-${action}.md`,
    );
    writeFileSync(file, summary);
    return file;
  }
}
