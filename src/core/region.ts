// The AWS region every client of a run uses: checked with the other inputs, so a missing or
// mistyped region is refused before the SDK loads or any call is made.
import { InputError } from './input-error.js';

/** The `region` input; empty falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
export function resolveRegion(
  regionInput: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const region = regionInput?.trim() || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InputError(
      'region',
      region,
      'an AWS region such as eu-west-1, from the region input, AWS_REGION or AWS_DEFAULT_REGION',
    );
  }
  return region;
}
