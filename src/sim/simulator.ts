import type http from 'node:http';
import { VirtualClock, WallClock, type SimClock } from './clock.js';
import { CloudWatchApi } from './cloudwatch-api.js';
import { Control } from './control.js';
import { makeRandom } from './errors.js';
import { Faults } from './faults.js';
import { GitHubSim } from './github.js';
import { cloudWatchHelpers, lambdaHelpers } from './helpers.js';
import { LambdaState } from './lambda.js';
import { DEFAULT_MODEL, type VersionModel } from './lambda-model.js';
import { MetricsStore } from './metrics-store.js';
import type { CallRecord } from './call.js';
import { listen, urlOf } from './server.js';
import { Invoker, Traffic } from './traffic.js';

export interface SimulatorOptions {
  /** `virtual` (default): time moves only when advanced or slept on. `wall`: real time. */
  clock?: 'wall' | 'virtual';
  /** Virtual clock start, ms since the epoch. */
  startTime?: number;
  host?: string;
  /** 0 (default) picks a free port: tests run in parallel. */
  port?: number;
  region?: string;
  /** Seeds Invoke routing and probabilistic faults. Traffic has its own seed per generator. */
  seed?: number;
  /** Bucket of the published AWS/Lambda metrics: 60 like AWS, 1 for a demo in seconds. */
  metricResolutionSeconds?: number;
  /**
   * How late a metric datum becomes visible to GetMetricData and alarms, in ms. AWS/Lambda
   * data for a minute often lands 1-3 minutes later. Default 0: at once.
   */
  metricPublicationLagMs?: number;
  /**
   * How often alarms are evaluated. Unset: AWS's cadence (every minute, every 10 s for
   * sub-minute periods). Set: every alarm at every tick, e.g. 1000 for a demo.
   */
  alarmEvaluationIntervalMs?: number;
  /** Traffic generator tick. */
  trafficTickMs?: number;
}

export class CallLog {
  readonly records: CallRecord[] = [];
  push(r: CallRecord): void {
    this.records.push(r);
  }
  list(filter: { service?: string; operation?: string } = {}): CallRecord[] {
    return this.records.filter(
      (r) =>
        (!filter.service || r.service === filter.service) &&
        (!filter.operation || r.operation === filter.operation),
    );
  }
  count(operation: string): number {
    return this.list({ operation }).length;
  }
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records)
      out[`${r.service}.${r.operation}`] = (out[`${r.service}.${r.operation}`] ?? 0) + 1;
    return out;
  }
  clear(): void {
    this.records.length = 0;
  }
}

export class Simulator {
  readonly clock: SimClock;
  readonly store: MetricsStore;
  readonly cloudwatchApi: CloudWatchApi;
  readonly lambdaState: LambdaState;
  readonly invoker: Invoker;
  readonly traffic: Traffic;
  readonly faults: Faults;
  readonly github: GitHubSim;
  readonly calls = new CallLog();
  readonly control: Control;
  readonly random: () => number;
  readonly region: string;
  /**
   * Lambda's control-plane rate limit (every call but Invoke), per second; undefined: none.
   * AWS allows 15 a second per Region for these calls (Lambda quotas, "API requests").
   */
  readonly controlPlane: { perSecond?: number; starts: number[] } = { starts: [] };
  /** The model a version gets when published through the API rather than the helpers. */
  defaultModel: VersionModel = { ...DEFAULT_MODEL };
  readonly lambda: ReturnType<typeof lambdaHelpers>;
  readonly cloudwatch: ReturnType<typeof cloudWatchHelpers>;
  private server?: http.Server;
  private cancelEval?: () => void;

  constructor(readonly options: SimulatorOptions = {}) {
    this.clock = options.clock === 'wall' ? new WallClock() : new VirtualClock(options.startTime);
    this.region = options.region ?? 'us-east-1';
    this.random = makeRandom(options.seed ?? 42);
    const now = (): number => this.clock.now();
    this.store = new MetricsStore(now);
    this.store.publicationLagMs = options.metricPublicationLagMs ?? 0;
    this.cloudwatchApi = new CloudWatchApi(this.store, now, this.region);
    this.lambdaState = new LambdaState(now, this.region);
    this.invoker = new Invoker(this.lambdaState, this.store, options.metricResolutionSeconds ?? 60);
    this.traffic = new Traffic(this.invoker, this.clock, options.trafficTickMs ?? 1000);
    this.faults = new Faults(makeRandom((options.seed ?? 42) + 1));
    this.github = new GitHubSim(now, () => this.url);
    this.control = new Control(this);
    this.lambda = lambdaHelpers(this);
    this.cloudwatch = cloudWatchHelpers(this);
  }

  async start(): Promise<this> {
    this.server = await listen(this, this.options.host ?? '127.0.0.1', this.options.port ?? 0);
    const every = this.options.alarmEvaluationIntervalMs;
    let last = this.clock.now();
    this.cancelEval = this.clock.every(every ?? 10_000, () => {
      this.cloudwatchApi.alarms.evaluate(every !== undefined, last);
      last = this.clock.now();
    });
    return this;
  }

  get url(): string {
    return this.server ? urlOf(this.server) : '';
  }

  /** What a process under test exports to reach the simulator with unmodified SDK clients. */
  get env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_LAMBDA: this.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: this.url,
      GITHUB_API_URL: this.url,
      AWS_REGION: this.region,
      AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
      AWS_SECRET_ACCESS_KEY: 'simulator-secret',
    };
  }

  /** Client config for the SDK in-process: `new LambdaClient(sim.clientConfig())`. */
  clientConfig(extra: Record<string, unknown> = {}) {
    return {
      endpoint: this.url,
      region: this.region,
      credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' },
      ...extra,
    };
  }

  /** Virtual clock: runs traffic and alarm evaluation up to now + ms. Wall: waits. */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  async stop(): Promise<void> {
    this.traffic.stop();
    this.cancelEval?.();
    this.clock.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
