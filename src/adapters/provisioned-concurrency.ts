// Thin Lambda adapter: the alias' provisioned concurrency as GetProvisionedConcurrencyConfig
// reports it (core/provisioned-concurrency.ts has what the fields mean and the doc pages).
import { GetProvisionedConcurrencyConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { AllocationReading } from '../core/provisioned-concurrency.js';
import { withPermission } from '../core/retry.js';

/** The allocation on `qualifier` (an alias), or undefined when it has no configuration. */
export async function readAllocation(
  client: LambdaClient,
  functionName: string,
  qualifier: string,
  signal?: AbortSignal,
): Promise<AllocationReading | undefined> {
  try {
    const out = await client.send(
      new GetProvisionedConcurrencyConfigCommand({
        FunctionName: functionName,
        Qualifier: qualifier,
      }),
      { abortSignal: signal },
    );
    return {
      requested: out.RequestedProvisionedConcurrentExecutions ?? 0,
      ...(out.AvailableProvisionedConcurrentExecutions !== undefined
        ? { available: out.AvailableProvisionedConcurrentExecutions }
        : {}),
      allocated: out.AllocatedProvisionedConcurrentExecutions ?? 0,
      status: out.Status ?? 'IN_PROGRESS',
      ...(out.StatusReason ? { statusReason: out.StatusReason } : {}),
    };
  } catch (error) {
    // Lambda: "The specified configuration does not exist."
    if ((error as { name?: string }).name === 'ProvisionedConcurrencyConfigNotFoundException')
      return undefined;
    throw withPermission(error, 'lambda:GetProvisionedConcurrencyConfig');
  }
}
