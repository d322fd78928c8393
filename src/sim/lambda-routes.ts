import { SimError } from './errors.js';
import type { Reply } from './wire.js';
import type { Simulator } from './simulator.js';

type Params = Record<string, unknown>;

interface Route {
  operation: string;
  params: Params;
  run: () => Promise<Reply> | Reply;
}

const BASE = '/2015-03-31/functions';
/** Provisioned concurrency has its own API version in the path (the Lambda API reference). */
const PC_BASE = '/2019-09-30/functions';

/** Lambda's REST-JSON routes under /2015-03-31/ that the suite (and its tests) call. */
export function routeLambda(
  sim: Simulator,
  method: string,
  path: string,
  query: URLSearchParams,
  raw: Buffer,
): Route {
  const json = (): Params => (raw.length ? (JSON.parse(raw.toString()) as Params) : {});
  const ok = (body: Params, status = 200): Reply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const l = sim.lambdaState;
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  const seg = rest.split('/').filter(Boolean).map(decodeURIComponent);
  const [fn, sub, name] = seg;
  const q = Object.fromEntries(query);
  const max = q.MaxItems ? Number(q.MaxItems) : undefined;
  const params: Params = { ...(fn ? { FunctionName: fn } : {}), ...q };
  const route = (operation: string, run: () => Promise<Reply> | Reply, body?: Params): Route => ({
    operation,
    params: { ...params, ...(name && sub === 'aliases' ? { Name: name } : {}), ...body },
    run,
  });

  const pc = /^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency$/.exec(path);
  if (path.startsWith(PC_BASE) && pc) {
    const fnName = decodeURIComponent(pc[1]!);
    const pcParams = { FunctionName: fnName, ...q };
    const pcRoute = (operation: string, run: () => Reply, body?: Params): Route => ({
      operation,
      params: { ...pcParams, ...body },
      run,
    });
    if (method === 'GET')
      return pcRoute('GetProvisionedConcurrencyConfig', () =>
        ok(l.getProvisionedConcurrency(fnName, q.Qualifier)),
      );
    if (method === 'PUT') {
      const b = json();
      return pcRoute(
        'PutProvisionedConcurrencyConfig',
        () =>
          ok(
            l.putProvisionedConcurrency(fnName, q.Qualifier, b.ProvisionedConcurrentExecutions),
            202,
          ),
        b,
      );
    }
    if (method === 'DELETE')
      return pcRoute('DeleteProvisionedConcurrencyConfig', () => {
        l.deleteProvisionedConcurrency(fnName, q.Qualifier);
        return { status: 204, headers: {}, body: '' };
      });
  }
  if (seg.length === 0 && method === 'POST') {
    const b = json();
    return route('CreateFunction', () => ok(l.createFunction(b), 201), b);
  }
  if (fn && seg.length === 2 && sub === 'configuration') {
    if (method === 'GET')
      return route('GetFunctionConfiguration', () => ok(l.getConfiguration(fn, q.Qualifier)));
    if (method === 'PUT') {
      const b = json();
      return route('UpdateFunctionConfiguration', () => ok(l.updateConfiguration(fn, b)), b);
    }
  }
  if (fn && seg.length === 2 && sub === 'code' && method === 'PUT') {
    const b = json();
    return route('UpdateFunctionCode', () => ok(l.updateCode(fn, b)), b);
  }
  if (fn && seg.length === 2 && sub === 'versions') {
    if (method === 'GET')
      return route('ListVersionsByFunction', () => ok(l.listVersions(fn, q.Marker, max)));
    if (method === 'POST') {
      const b = json();
      return route('PublishVersion', () => ok(l.publishVersion(fn, b, sim.defaultModel), 201), b);
    }
  }
  if (fn && seg.length === 2 && sub === 'aliases') {
    if (method === 'GET')
      return route('ListAliases', () => ok(l.listAliases(fn, q.FunctionVersion, q.Marker, max)));
    if (method === 'POST') {
      const b = json();
      return route('CreateAlias', () => ok(l.createAlias(fn, b), 201), b);
    }
  }
  if (fn && name && seg.length === 3 && sub === 'aliases') {
    if (method === 'GET') return route('GetAlias', () => ok(l.getAlias(fn, name)));
    if (method === 'PUT') {
      const b = json();
      return route('UpdateAlias', () => ok(l.updateAlias(fn, name, b)), b);
    }
    if (method === 'DELETE') {
      return route('DeleteAlias', () => {
        l.deleteAlias(fn, name);
        return { status: 204, headers: {}, body: '' };
      });
    }
  }
  if (fn && seg.length === 2 && sub === 'invocations' && method === 'POST') {
    return route('Invoke', () => invoke(sim, fn, q.Qualifier), { PayloadBytes: raw.length });
  }
  return {
    operation: `${method} ${path}`,
    params,
    run: () => {
      throw new SimError(
        'InvalidAction',
        400,
        `The simulator does not implement Lambda ${method} ${path}.`,
      );
    },
  };
}

async function invoke(sim: Simulator, fn: string, qualifier?: string): Promise<Reply> {
  const r = sim.invoker.invoke(fn, qualifier, sim.clock.now(), sim.random);
  if (r.throttled) {
    throw new SimError('TooManyRequestsException', 429, 'Rate Exceeded.', {
      retryAfterSeconds: 1,
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
  }
  // With the wall clock a call takes as long as its model says: latency can be measured.
  if (sim.clock.kind === 'wall')
    await new Promise((res) => setTimeout(res, Math.min(r.durationMs, 30_000)));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-executed-version': r.executedVersion,
  };
  if (r.error) headers['x-amz-function-error'] = 'Unhandled';
  const body = r.error
    ? {
        errorType: 'SimulatedError',
        errorMessage: `Version ${r.executedVersion} failed (modelled error)`,
      }
    : { statusCode: 200, executedVersion: r.executedVersion, durationMs: r.durationMs };
  return { status: 200, headers, body: JSON.stringify(body) };
}
