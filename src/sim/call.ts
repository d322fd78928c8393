// Answers one routed call: records it, lets the faults that fire on it act, runs it, replies.
import type http from 'node:http';
import { SimError } from './errors.js';
import { faultError } from './fault-errors.js';
import type { AliasChange, Fault, FaultedCall } from './faults.js';
import type { RawRequest } from './signature.js';
import type { Simulator } from './simulator.js';
import { errorReply, send, type Reply, type Service } from './wire.js';

export interface CallRecord {
  /** Clock time of the call (virtual or wall), ms since the epoch. */
  time: number;
  service: Service;
  operation: string;
  params: Record<string, unknown>;
  /** The status the client received; -1 when it received none (drop, reply-lost, hang). */
  status: number;
  errorCode?: string;
}

export interface RoutedCall extends FaultedCall {
  run: () => Promise<Reply> | Reply;
}

/** Default change of a `stale-foreign` fault: someone finished (or undid) the shift by hand. */
const HAND_CHANGE: AliasChange = { weights: {}, description: 'changed by hand' };

export async function answerCall(
  sim: Simulator,
  call: RoutedCall,
  req: http.IncomingMessage,
  body: Buffer,
  res: http.ServerResponse,
): Promise<void> {
  const request: RawRequest = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body,
  };
  const record: CallRecord = {
    time: sim.clock.now(),
    service: call.service,
    operation: call.operation,
    params: call.params,
    status: 0,
  };
  sim.calls.push(record);
  const faults = sim.faults.match(call);
  const has = (kind: Fault['kind']): boolean => faults.some((f) => f.kind === kind);
  const noReply = (errorCode: string): void => {
    record.status = -1;
    record.errorCode = errorCode;
  };

  for (const f of faults)
    if (f.kind === 'latency') await new Promise((r) => setTimeout(r, f.latencyMs ?? 1000));
  // Left open: the client's timeout or abort, or the simulator's stop, ends the socket.
  if (has('hang')) return noReply('Hung');
  if (has('drop')) {
    noReply('ConnectionDropped');
    req.socket.destroy();
    return;
  }
  for (const f of faults)
    if (f.kind === 'stale-identical' || f.kind === 'stale-foreign') changeAliasAside(sim, call, f);

  const error =
    faults.map((f) => faultError(f, call, request, sim.region)).find((e) => e) ??
    overRate(sim, call);
  const reply = error ? errorReply(call.service, error) : await call.run();
  if (has('reply-lost')) {
    noReply('ReplyLost');
    req.socket.destroy();
    return;
  }
  record.status = reply.status;
  if (reply.status >= 400)
    record.errorCode =
      error?.code ??
      reply.headers['x-amzn-errortype'] ??
      reply.headers['x-amzn-query-error']?.split(';')[0];
  send(res, reply);
}

/** Lambda's answer to a control-plane call over the account's rate: 429, retry after 1 s. */
function overRate(sim: Simulator, call: RoutedCall): SimError | undefined {
  const limit = sim.controlPlane.perSecond;
  if (limit === undefined || call.service !== 'Lambda' || call.operation === 'Invoke')
    return undefined;
  const now = sim.clock.now();
  const starts = sim.controlPlane.starts;
  while (starts.length > 0 && now - starts[0] >= 1000) starts.shift();
  if (starts.length >= limit)
    return new SimError('TooManyRequestsException', 429, 'Rate exceeded', {
      retryAfterSeconds: 1,
      reason: 'CallerRateLimitExceeded',
    });
  starts.push(now);
  return undefined;
}

/**
 * Another actor's UpdateAlias landing just before this call: the alias gets a new RevisionId
 * (as every AWS update does, even one that changes nothing) and shows in the alias history.
 */
function changeAliasAside(sim: Simulator, call: FaultedCall, f: Fault): void {
  const l = sim.lambdaState;
  const fn = String(call.params.FunctionName);
  const name = String(call.params.Name);
  const change: AliasChange = f.kind === 'stale-foreign' ? (f.aliasChange ?? HAND_CHANGE) : {};
  try {
    const current = l.getAlias(fn, name) as {
      FunctionVersion: string;
      Description: string;
      RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
    };
    l.updateAlias(fn, name, {
      FunctionVersion: change.functionVersion ?? current.FunctionVersion,
      RoutingConfig: {
        AdditionalVersionWeights: change.weights ?? current.RoutingConfig?.AdditionalVersionWeights,
      },
      Description: change.description ?? current.Description,
    });
  } catch (e) {
    // No such alias: the call itself answers that. An update in progress holds the other
    // actor back too. Any other refusal is a bad aliasChange, which the test must hear of.
    const expected =
      e instanceof SimError &&
      (e.code === 'ResourceNotFoundException' || e.code === 'ResourceConflictException');
    if (!expected) throw e;
  }
}
