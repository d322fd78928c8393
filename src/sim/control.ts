import { SimError } from './errors.js';
import type { FaultSpec } from './faults.js';
import type { Issue } from './github.js';
import type { VersionModel } from './lambda-model.js';
import type { Reply } from './wire.js';
import type { Simulator } from './simulator.js';
import type { TrafficSpec } from './traffic.js';

type Body = Record<string, unknown>;
type Handler = (m: string[], body: Body, q: URLSearchParams) => unknown | Promise<unknown>;

/**
 * The control API over HTTP, under /_sim/: the same set-up and read-back as the
 * in-process helpers, for the CLI, the demo and other processes.
 */
export class Control {
  private routes: [string, RegExp, Handler][];

  constructor(private sim: Simulator) {
    const s = sim;
    this.routes = [
      ['GET', /^\/_sim\/health$/, () => ({ ok: true, clock: s.clock.kind, now: s.clock.now() })],
      ['GET', /^\/_sim\/env$/, () => s.env],
      [
        'POST',
        /^\/_sim\/clock\/advance$/,
        async (_m, b) => {
          await s.advance(Number(b.ms ?? 0));
          return { now: s.clock.now() };
        },
      ],
      [
        'POST',
        /^\/_sim\/functions$/,
        (_m, b) => ({
          versions: s.lambda.createFunctionWithVersions(String(b.name), Number(b.versions ?? 0), {
            role: b.role as string | undefined,
            models: b.models as VersionModel[] | undefined,
          }),
        }),
      ],
      [
        'POST',
        /^\/_sim\/functions\/([^/]+)\/versions$/,
        (m, b) => ({
          version: s.lambda.publishVersion(
            m[1]!,
            b.model as VersionModel | undefined,
            b.role as string | undefined,
          ),
        }),
      ],
      [
        'PUT',
        /^\/_sim\/functions\/([^/]+)\/versions\/([^/]+)\/model$/,
        (m, b) => s.lambda.setModel(m[1]!, m[2]!, b),
      ],
      [
        'POST',
        /^\/_sim\/functions\/([^/]+)\/aliases$/,
        (m, b) =>
          s.lambda.createAlias(
            m[1]!,
            String(b.name),
            String(b.version),
            (b.weights as Record<string, number>) ?? {},
            b.description as string | undefined,
          ),
      ],
      [
        'PUT',
        /^\/_sim\/functions\/([^/]+)\/aliases\/([^/]+)$/,
        (m, b) =>
          s.lambda.setAliasRouting(
            m[1]!,
            m[2]!,
            String(b.version),
            (b.weights as Record<string, number>) ?? {},
          ),
      ],
      [
        'PUT',
        /^\/_sim\/functions\/([^/]+)\/update-in-progress$/,
        (m, b) => s.lambda.setUpdateInProgress(m[1]!, !!b.on),
      ],
      [
        'GET',
        /^\/_sim\/alias-history$/,
        (_m, _b, q) =>
          s.lambda.aliasHistory(q.get('function') ?? undefined, q.get('alias') ?? undefined),
      ],
      ['POST', /^\/_sim\/alarms\/metric$/, (_m, b) => s.cloudwatch.putMetricAlarm(b)],
      [
        'POST',
        /^\/_sim\/alarms\/composite$/,
        (_m, b) => s.cloudwatch.putCompositeAlarm(String(b.name), String(b.rule)),
      ],
      ['POST', /^\/_sim\/alarms\/evaluate$/, () => s.cloudwatch.evaluateAlarms()],
      [
        'PUT',
        /^\/_sim\/alarms\/([^/]+)\/state$/,
        (m, b) =>
          s.cloudwatch.setAlarmState(
            decodeURIComponent(m[1]!),
            b.state as 'OK',
            b.reason as string | undefined,
          ),
      ],
      [
        'GET',
        /^\/_sim\/alarm-history$/,
        (_m, _b, q) => s.cloudwatch.alarmHistory(q.get('alarm') ?? undefined),
      ],
      ['POST', /^\/_sim\/traffic$/, (_m, b) => s.traffic.start(b as unknown as TrafficSpec)],
      ['GET', /^\/_sim\/traffic$/, () => s.traffic.list()],
      [
        'DELETE',
        /^\/_sim\/traffic(?:\/(\d+))?$/,
        (m) => s.traffic.stop(m[1] ? Number(m[1]) : undefined),
      ],
      ['POST', /^\/_sim\/faults$/, (_m, b) => s.faults.add(b as unknown as FaultSpec)],
      ['GET', /^\/_sim\/faults$/, () => s.faults.active],
      ['DELETE', /^\/_sim\/faults$/, () => s.faults.clear()],
      [
        'GET',
        /^\/_sim\/calls$/,
        (_m, _b, q) =>
          s.calls.list({
            service: q.get('service') ?? undefined,
            operation: q.get('operation') ?? undefined,
          }),
      ],
      ['GET', /^\/_sim\/calls\/counts$/, () => s.calls.counts()],
      ['DELETE', /^\/_sim\/calls$/, () => s.calls.clear()],
      [
        'POST',
        /^\/_sim\/github\/issues$/,
        (_m, b) => s.github.addIssue(String(b.repo), b as unknown as Omit<Issue, 'state'>),
      ],
      ['GET', /^\/_sim\/github\/requests$/, () => s.github.requests],
      ['GET', /^\/_sim\/github\/deployments$/, () => s.github.deployments],
      [
        'PUT',
        /^\/_sim\/config$/,
        (_m, b) => {
          if (b.metricResolutionSeconds !== undefined)
            s.invoker.resolutionSeconds = Number(b.metricResolutionSeconds);
          if (b.metricPublicationLagMs !== undefined)
            s.store.publicationLagMs = Number(b.metricPublicationLagMs);
          if (b.metricDataPageSize !== undefined)
            s.cloudwatch.setMetricDataPageSize(Number(b.metricDataPageSize));
          if (b.defaultModel !== undefined) s.defaultModel = b.defaultModel as VersionModel;
        },
      ],
    ];
  }

  async handle(method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
    const json = (status: number, body: unknown): Reply => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? null),
    });
    for (const [verb, re, fn] of this.routes) {
      const m = verb === method ? re.exec(path) : null;
      if (!m) continue;
      try {
        const body = raw.length ? (JSON.parse(raw.toString()) as Body) : {};
        return json(200, (await fn(m, body, query)) ?? { ok: true });
      } catch (e) {
        if (e instanceof SimError) return json(e.status, { error: e.code, message: e.message });
        return json(400, { error: 'BadRequest', message: String(e) });
      }
    }
    return json(404, { error: 'NotFound', message: `No control route ${method} ${path}` });
  }
}
