// Reaching the moto the contract suite runs against: its endpoint, the env a step needs and
// SDK clients on it, names unique to the run, and the built bundle a scenario runs.
// test/contract/run.sh starts moto and exports AWS_ENDPOINT_URL; nothing here may ever
// reach a real account, so every helper refuses an endpoint that is not local.
import { existsSync } from 'node:fs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

export const REGION = 'us-east-1';
/** moto's default account: role ARNs must name it or CreateFunction refuses them. */
export const ACCOUNT = '123456789012';

/** The moto endpoint run.sh started; throws (failing the suite) when run any other way. */
export function motoEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) {
    throw new Error(
      `contract tests need moto: run them with \`npm run test:contract\` (AWS_ENDPOINT_URL=${endpoint || 'unset'})`,
    );
  }
  return endpoint;
}

/** What a step needs to reach moto; the harness scrubs AWS_* from the inherited env. */
export function awsEnv(): Record<string, string> {
  const endpoint = motoEndpoint();
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function clients(): { lambda: LambdaClient; cloudWatch: CloudWatchClient } {
  const endpoint = motoEndpoint();
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return {
    lambda: new LambdaClient({ region: REGION, endpoint, credentials }),
    cloudWatch: new CloudWatchClient({ region: REGION, endpoint, credentials }),
  };
}

/** Names unique to this run: moto keeps state for the whole suite. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fails with the fix when the bundle the scenario runs was never built. */
export function requireBundle(action: string): void {
  const bundle = new URL(`../../dist/${action}/index.js`, import.meta.url);
  if (!existsSync(bundle)) {
    throw new Error(
      `dist/${action}/index.js is missing: build it with \`npm run build -- ${action}\``,
    );
  }
}
