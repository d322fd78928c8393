import type { LambdaState } from './lambda.js';
import { type FunctionRecord, invalid, notFound } from './lambda-records.js';

/** The routing rules AWS enforces on an alias (FACTS.md, "Lambda aliases"). */
export function validateRouting(
  lambda: LambdaState,
  fn: FunctionRecord,
  primary: string,
  weights: Record<string, number>,
): void {
  if (primary !== '$LATEST' && !fn.versions.has(primary)) {
    throw notFound(`Function not found: ${lambda.arn(fn.name, primary)}`);
  }
  const extra = Object.entries(weights);
  if (extra.length === 0) return;
  if (extra.length > 1)
    throw invalid('Only one additional version can be specified in the routing configuration.');
  const [version, weight] = extra[0]!;
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
    throw invalid(
      `Invalid weight ${String(weight)} for version ${version}: it must be between 0.0 and 1.0.`,
    );
  }
  if (primary === '$LATEST' || version === '$LATEST') {
    throw invalid('$LATEST is not supported for an alias pointing to more than 1 version');
  }
  if (!/^\d+$/.test(version)) throw invalid(`Invalid version in routing configuration: ${version}`);
  const other = fn.versions.get(version);
  if (!other) throw notFound(`Function not found: ${lambda.arn(fn.name, version)}`);
  if (version === primary) {
    throw invalid(
      `Invalid routing configuration: the additional version ${version} is the alias' primary version.`,
    );
  }
  const main = fn.versions.get(primary)!;
  if (
    main.config.Role !== other.config.Role ||
    JSON.stringify(main.config.DeadLetterConfig ?? null) !==
      JSON.stringify(other.config.DeadLetterConfig ?? null)
  ) {
    throw invalid('Specified versions must be associated with the same execution role');
  }
}
