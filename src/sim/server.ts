import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimError } from './errors.js';
import type { FaultAction } from './faults.js';
import type { Simulator } from './simulator.js';
import { routeLambda } from './lambda-routes.js';

export interface CallRecord {
  /** Clock time of the call (virtual or wall), ms since the epoch. */
  time: number;
  service: 'Lambda' | 'CloudWatch' | 'GitHub';
  operation: string;
  params: Record<string, unknown>;
  status: number;
  errorCode?: string;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const CW_TARGET = 'GraniteServiceVersion20100801.';

/** One port serves Lambda, CloudWatch, GitHub and the control API: AWS_ENDPOINT_URL works too. */
export async function listen(sim: Simulator, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    void handle(sim, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function urlOf(server: http.Server): string {
  const a = server.address() as AddressInfo;
  return `http://${a.address}:${a.port}`;
}

async function handle(
  sim: Simulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname;
  const target = String(req.headers['x-amz-target'] ?? '');

  if (path.startsWith('/_sim/'))
    return send(res, await sim.control.handle(req.method ?? 'GET', path, url.searchParams, raw));

  let service: CallRecord['service'];
  let operation: string;
  let params: Record<string, unknown> = {};
  let run: () => Promise<Reply> | Reply;
  if (target.startsWith(CW_TARGET)) {
    service = 'CloudWatch';
    operation = target.slice(CW_TARGET.length);
    params = raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
    run = () => cloudWatchReply(() => sim.cloudwatchApi.handle(operation, params));
  } else if (path.startsWith('/2015-03-31/')) {
    service = 'Lambda';
    const route = routeLambda(sim, req.method ?? 'GET', path, url.searchParams, raw);
    operation = route.operation;
    params = route.params;
    run = () => lambdaReply(route.run);
  } else if (path.startsWith('/repos/')) {
    service = 'GitHub';
    operation = `${req.method} ${path.replace(/\/\d+\//, '/{id}/').replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')}`;
    const body = raw.length ? (JSON.parse(raw.toString()) as unknown) : undefined;
    const query = Object.fromEntries(url.searchParams);
    params = { path, query, body };
    run = () => {
      const r = sim.github.handle(
        req.method ?? 'GET',
        path,
        query,
        body,
        !!req.headers.authorization,
      );
      return {
        status: r.status,
        headers: { 'content-type': 'application/json', ...r.headers },
        body: JSON.stringify(r.body),
      };
    };
  } else {
    return send(res, {
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: `No simulated API at ${path}`,
    });
  }

  const record: CallRecord = { time: sim.clock.now(), service, operation, params, status: 0 };
  sim.calls.push(record);
  const actions: FaultAction[] = sim.faults.match(service, operation);
  let reply: Reply | undefined;
  for (const a of actions) {
    if (a.kind === 'latency') await new Promise((r) => setTimeout(r, a.ms));
    else if (a.kind === 'drop') {
      record.status = -1;
      record.errorCode = 'ConnectionDropped';
      req.socket.destroy();
      return;
    } else if (!reply) {
      reply = service === 'Lambda' ? lambdaError(a.error) : cloudWatchError(a.error);
    }
  }
  reply ??= await run();
  record.status = reply.status;
  if (reply.status >= 400)
    record.errorCode =
      reply.headers['x-amzn-errortype'] ?? reply.headers['x-amzn-query-error']?.split(';')[0];
  send(res, reply);
}

async function lambdaReply(run: () => Promise<Reply> | Reply): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SimError) return lambdaError(e);
    throw e;
  }
}

/** REST-JSON: the code travels in X-Amzn-ErrorType; Retry-After feeds retryAfterSeconds. */
export function lambdaError(e: SimError): Reply {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-errortype': e.code,
  };
  const body: Record<string, unknown> = {
    Type: e.extra.type ?? (e.status >= 500 ? 'Service' : 'User'),
    message: e.message,
  };
  if (e.extra.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(e.extra.retryAfterSeconds);
  if (e.extra.reason) body.Reason = e.extra.reason;
  return { status: e.status, headers, body: JSON.stringify(body) };
}

function cloudWatchReply(run: () => Record<string, unknown>): Reply {
  try {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(run()),
    };
  } catch (e) {
    if (e instanceof SimError) return cloudWatchError(e);
    throw e;
  }
}

/**
 * AWS JSON 1.0 in query-compatible mode: the SDK takes the code from x-amzn-query-error
 * (`Code;Sender`) and maps it through each error's awsQueryError trait, so
 * `InvalidParameterValue` becomes InvalidParameterValueException as against AWS.
 */
export function cloudWatchError(e: SimError): Reply {
  return {
    status: e.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}`,
    },
    body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${e.code}`, message: e.message }),
  };
}

function send(res: http.ServerResponse, r: Reply): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  res.writeHead(r.status, {
    ...r.headers,
    'content-length': String(body.length),
    'x-amzn-requestid': 'sim',
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type { Reply };
