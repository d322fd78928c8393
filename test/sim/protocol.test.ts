import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';

/** Captures what the pinned CloudWatch client really puts on the wire. */
describe('the pinned @aws-sdk/client-cloudwatch protocol', () => {
  const seen: { headers: http.IncomingHttpHeaders; body: string; path: string }[] = [];
  let server: http.Server;
  let cw: CloudWatchClient;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, path: req.url ?? '' });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    cw = new CloudWatchClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    cw.destroy();
    await new Promise((r) => server.close(r));
  });

  it('is AWS JSON 1.0 with X-Amz-Target GraniteServiceVersion20100801.<Operation>, query-compatible', async () => {
    await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'x' }));
    const req = seen.at(-1)!;
    expect(req.path).toBe('/');
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(req.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.DescribeAlarms');
    // Query-compatible mode: errors come back with x-amzn-query-error: Code;Sender.
    expect(req.headers['x-amzn-query-mode']).toBe('true');
    expect(JSON.parse(req.body)).toEqual({ AlarmNamePrefix: 'x' });
  });

  it('sends timestamps as epoch seconds', async () => {
    await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(1_700_000_000_000),
        EndTime: new Date(1_700_000_060_000),
        MetricDataQueries: [{ Id: 'e', Expression: '1' }],
      }),
    );
    const body = JSON.parse(seen.at(-1)!.body);
    expect(body.StartTime).toBe(1_700_000_000);
    expect(body.EndTime).toBe(1_700_000_060);
  });
});
