// The `strategy` input's grammar and the plan it becomes. Pure: the whole schedule is known
// before the first shift, so it can be shown, recorded and resumed from any weight.
import { InputError } from './input-error.js';
import {
  formatDuration,
  MAX_WAIT_MS,
  MAX_WAIT_WHY,
  parseDuration,
  parsePercent,
} from './inputs.js';
import { formatPercent } from './routing.js';

/** One shift: move the new version to `weight`, then watch for `holdMs` before the next. */
export interface PlanStep {
  /** Fraction of requests on the new version after this step, in (0, 1]. */
  weight: number;
  /** Milliseconds watched at this weight before the next step; 0 on the last step. */
  holdMs: number;
}

export interface Plan {
  /** The strategy text as given, recorded on the alias so a later job can read it. */
  strategy: string;
  kind: 'all-at-once' | 'canary' | 'linear' | 'steps';
  /** Always ends at weight 1: a plan never leaves the alias split. */
  steps: PlanStep[];
}

const INPUT = 'strategy';
export const STRATEGY_FORM =
  'one of: all-at-once; canary 10% 5m; linear 10% every 1m; steps 1%,10%,50%,100% every 5m; steps 5% 2m, 50% 10m, 100%; or a CodeDeploy name such as LambdaCanary10Percent5Minutes, LambdaLinear10PercentEvery1Minute, LambdaAllAtOnce';

/** More steps than this is a typo (linear 0.1%), and would spend the control-plane budget. */
export const MAX_STEPS = 100;
/** GitHub-hosted jobs end after 6 hours; a longer plan is shown with a warning. */
export const HOSTED_JOB_LIMIT_MS = 6 * 3_600_000;

/** Reads the `strategy` input into a plan, or throws InputError naming the expected forms. */
export function parseStrategy(raw: string, input = INPUT): Plan {
  const text = raw.trim().replace(/\s+/g, ' ');
  const fail = (detail?: string): never => {
    throw new InputError(input, raw, detail ? `${detail} (${STRATEGY_FORM})` : STRATEGY_FORM);
  };
  const preset = fromCodeDeployName(text);
  const source = preset ?? text.toLowerCase();
  let plan: Plan;
  if (source === 'all-at-once') {
    plan = { strategy: text, kind: 'all-at-once', steps: [{ weight: 1, holdMs: 0 }] };
  } else if (source.startsWith('canary ')) {
    const m = /^canary (\S+) (?:for )?(\S+)$/.exec(source);
    if (!m) return fail('canary takes a percentage and a duration');
    const weight = stepPercent(input, raw, m[1]);
    const holdMs = holdDuration(input, raw, m[2]);
    plan = {
      strategy: text,
      kind: 'canary',
      steps: [
        { weight, holdMs },
        { weight: 1, holdMs: 0 },
      ],
    };
  } else if (source.startsWith('linear ')) {
    const m = /^linear (\S+) every (\S+)$/.exec(source);
    if (!m) return fail('linear takes a percentage, "every" and a duration');
    const increment = stepPercent(input, raw, m[1]);
    const holdMs = holdDuration(input, raw, m[2]);
    const steps: PlanStep[] = [];
    // Whole increments in integer thousandths of a percent, so 10% gives exactly 10 steps.
    const unit = Math.round(increment * 100_000);
    for (let at = unit; at < 100_000; at += unit) steps.push({ weight: at / 100_000, holdMs });
    steps.push({ weight: 1, holdMs: 0 });
    plan = { strategy: text, kind: 'linear', steps };
  } else if (source.startsWith('steps ')) {
    plan = { strategy: text, kind: 'steps', steps: customSteps(input, raw, source.slice(6)) };
  } else {
    return fail();
  }
  if (plan.steps.length > MAX_STEPS)
    fail(`at most ${MAX_STEPS} steps, this plan has ${plan.steps.length}`);
  // Each hold is bounded on its own too, but ten 12-hour holds add up past any job.
  if (planDurationMs(plan) > MAX_WAIT_MS)
    fail(
      `a plan that holds at most ${formatDuration(MAX_WAIT_MS)} in all (${MAX_WAIT_WHY}), this one holds ${formatDuration(planDurationMs(plan))}`,
    );
  return plan;
}

/**
 * CodeDeploy's Lambda deployment configurations, with or without the CodeDeployDefault.
 * prefix, read as the equivalent plan so teams can move over without relearning names.
 */
function fromCodeDeployName(text: string): string | undefined {
  const name = text.replace(/^CodeDeployDefault\./i, '');
  if (/^LambdaAllAtOnce$/i.test(name)) return 'all-at-once';
  const canary = /^LambdaCanary(\d+)Percent(\d+)Minutes?$/i.exec(name);
  if (canary) return `canary ${canary[1]}% ${canary[2]}m`;
  const linear = /^LambdaLinear(\d+)PercentEvery(\d+)Minutes?$/i.exec(name);
  if (linear) return `linear ${linear[1]}% every ${linear[2]}m`;
  return undefined;
}

/**
 * `1%,10%,50%,100% every 5m` (one pause for all) or `5% 2m, 50% 10m, 100%` (a pause per
 * step; `every` fills in the ones without). Weights must rise; 100% is added when missing,
 * because a plan that ends split would leave the alias split.
 */
function customSteps(input: string, raw: string, body: string): PlanStep[] {
  const fail = (detail: string): never => {
    throw new InputError(input, raw, `${detail} (${STRATEGY_FORM})`);
  };
  let list = body;
  let every: number | undefined;
  const everyMatch = / every (\S+)$/.exec(body);
  if (everyMatch) {
    every = holdDuration(input, raw, everyMatch[1]);
    list = body.slice(0, everyMatch.index);
  }
  const steps: PlanStep[] = [];
  for (const item of list.split(',').map((s) => s.trim())) {
    const m = /^(\S+?)(?: (?:for )?(\S+))?$/.exec(item);
    if (!m) return fail(`'${item}' is not a step such as 10% or 10% 5m`);
    const weight = m[1] === '100%' || m[1] === '100' ? 1 : stepPercent(input, raw, m[1]);
    const previous = steps.at(-1)?.weight ?? 0;
    if (weight <= previous)
      fail(
        `step weights must rise; ${formatPercent(weight)} comes after ${formatPercent(previous)}`,
      );
    if (weight === 1 && m[2] !== undefined)
      fail('100% is the end of the shift and takes no pause; hold it with bake-and-watch');
    const holdMs = m[2] !== undefined ? holdDuration(input, raw, m[2]) : weight === 1 ? 0 : every;
    if (holdMs === undefined)
      return fail(
        `step ${formatPercent(weight)} has no pause; give one (10% 5m) or add "every 5m"`,
      );
    steps.push({ weight, holdMs });
  }
  if (steps.length === 0) fail('steps needs at least one percentage');
  if (steps.at(-1)!.weight !== 1) steps.push({ weight: 1, holdMs: 0 });
  return steps;
}

/** A step's weight: above 0 and below 100% (Lambda's weighted routing excludes both ends). */
function stepPercent(input: string, raw: string, text: string): number {
  let weight: number;
  try {
    weight = parsePercent(input, text);
  } catch {
    throw new InputError(input, raw, `'${text}' to be a percentage such as 10% (${STRATEGY_FORM})`);
  }
  if (weight <= 0 || weight >= 1)
    throw new InputError(input, raw, `a step above 0% and below 100%, not ${text}`);
  if (Math.abs(weight * 100_000 - Math.round(weight * 100_000)) > 1e-6)
    throw new InputError(input, raw, `a step with at most 3 decimals, not ${text}`);
  return weight;
}

function holdDuration(input: string, raw: string, text: string): number {
  let ms: number;
  try {
    ms = parseDuration(input, text);
  } catch {
    throw new InputError(input, raw, `'${text}' to be a duration such as 5m (${STRATEGY_FORM})`);
  }
  if (ms > MAX_WAIT_MS)
    throw new InputError(
      input,
      raw,
      `a hold of at most ${formatDuration(MAX_WAIT_MS)}, not ${text} (${MAX_WAIT_WHY})`,
    );
  return ms;
}

/** The shortest hold of a plan that holds at all; undefined for all-at-once. */
export function shortestHoldMs(plan: Plan): number | undefined {
  const holds = plan.steps.map((s) => s.holdMs).filter((ms) => ms > 0);
  return holds.length > 0 ? Math.min(...holds) : undefined;
}

/** Total time the plan watches between shifts. */
export function planDurationMs(plan: Plan): number {
  return plan.steps.reduce((sum, s) => sum + s.holdMs, 0);
}

/** Index of the first step still to do when the new version already has `weight`. */
export function resumeIndex(plan: Plan, weight: number): number {
  const i = plan.steps.findIndex((s) => s.weight > weight + 1e-9);
  return i === -1 ? plan.steps.length : i;
}

export interface ScheduledStep extends PlanStep {
  /** Epoch ms at which the shift is expected, if nothing fails. */
  at: number;
  /** True for steps already done when resuming. */
  done: boolean;
}

/** When each step will shift, starting now, skipping what a resumed run already did. */
export function schedule(plan: Plan, startAt: number, currentWeight = 0): ScheduledStep[] {
  const from = resumeIndex(plan, currentWeight);
  let at = startAt;
  return plan.steps.map((step, i) => {
    const entry = { ...step, at: i < from ? startAt : at, done: i < from };
    if (i >= from) at += step.holdMs;
    return entry;
  });
}

/** "10% for 5m, then 100%": the plan in one line for logs and summaries. */
export function describePlan(plan: Plan): string {
  return plan.steps
    .map((s) =>
      s.holdMs > 0
        ? `${formatPercent(s.weight)} for ${formatDuration(s.holdMs)}`
        : formatPercent(s.weight),
    )
    .join(', then ');
}

/** Warnings worth showing before the first shift; none of them stop it. */
export function planWarnings(plan: Plan): string[] {
  const warnings: string[] = [];
  const total = planDurationMs(plan);
  if (total > HOSTED_JOB_LIMIT_MS)
    warnings.push(
      `The plan takes ${formatDuration(total)}; GitHub-hosted jobs end after 6h. On a hosted runner the job would be cancelled and the alias restored.`,
    );
  return warnings;
}
