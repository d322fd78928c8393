// The AWS CLI commands a person runs to look at or fix a Lambda alias by hand, printed
// whenever the suite cannot finish itself. Pure text, no SDK: the post step and rollback
// print them even when the SDK never loaded.
import { shellQuote, type TargetCommands } from '../../core/traffic-target.js';

/** `region` is appended when the step knows it (the post step, from its saved state). */
export function aliasCommands(
  functionName: string,
  alias: string,
  region?: string,
): TargetCommands {
  const where = `--function-name ${shellQuote(functionName)} --name ${shellQuote(alias)}`;
  const inRegion = region ? ` --region ${region}` : '';
  return {
    fix: (version) =>
      `aws lambda update-alias ${where} --function-version ${version} --routing-config 'AdditionalVersionWeights={}'${inRegion}`,
    look: () => `aws lambda get-alias ${where}${inRegion}`,
    clearRecord: () => `aws lambda update-alias ${where} --description ''${inRegion}`,
  };
}
