// One place builds AWS clients, so region, retries, endpoints and the user agent are the
// same in every action. Credentials come from the SDK's default chain, which is what
// aws-actions/configure-aws-credentials (OIDC) sets up; endpoints honour AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE> through the SDK itself, which is how the simulator and
// moto are reached.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { resolveRegion } from '../core/region.js';

export const USER_AGENT = 'safe-deploy/0.1.0';

export interface AwsOptions {
  /** The `region` input; empty falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string;
  /** SDK tries per call, the first included. Bounded: the suite retries restores itself. */
  maxAttempts?: number;
  /**
   * Milliseconds a single request may take (connection included). A hung call must end:
   * the SDK's own default is no limit at all. Shorter where a deadline matters, e.g. a post
   * step inside the cancel window.
   */
  requestTimeoutMs?: number;
}

/** Lambda's and CloudWatch's control planes answer in well under a second; ten is a hang. */
export const REQUEST_TIMEOUT_MS = 10_000;
export const CONNECT_TIMEOUT_MS = 3_000;

function config(options: AwsOptions) {
  return {
    region: resolveRegion(options.region),
    maxAttempts: options.maxAttempts ?? 4,
    retryMode: 'adaptive',
    customUserAgent: USER_AGENT,
    requestHandler: {
      connectionTimeout: Math.min(
        CONNECT_TIMEOUT_MS,
        options.requestTimeoutMs ?? CONNECT_TIMEOUT_MS,
      ),
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      // Without it the SDK only logs a breached requestTimeout and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

export function lambdaClient(options: AwsOptions = {}): LambdaClient {
  return new LambdaClient(config(options));
}

export function cloudWatchClient(options: AwsOptions = {}): CloudWatchClient {
  return new CloudWatchClient(config(options));
}
