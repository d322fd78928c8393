import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCall } from './call.js';
import { SimError } from './errors.js';
import type { Simulator } from './simulator.js';
import { routeLambda } from './lambda-routes.js';
import { cloudWatchError, lambdaError, send, type Reply, type Service } from './wire.js';

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

  let service: Service;
  let operation: string;
  let params: Record<string, unknown> = {};
  let run: () => Promise<Reply> | Reply;
  if (target.startsWith(CW_TARGET)) {
    service = 'CloudWatch';
    operation = target.slice(CW_TARGET.length);
    params = raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
    run = () => cloudWatchReply(() => sim.cloudwatchApi.handle(operation, params));
  } else if (path.startsWith('/2015-03-31/') || path.startsWith('/2019-09-30/')) {
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

  await answerCall(sim, { service, operation, params, run }, req, raw, res);
}

async function lambdaReply(run: () => Promise<Reply> | Reply): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SimError) return lambdaError(e);
    throw e;
  }
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

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
