// What the simulated Lambda keeps per function, version and alias, and the answers its
// operations share: the error shapes, the RevisionId check and Marker paging. It imports
// none of the Lambda files, so the operations (lambda.ts), the alias routing rules
// (lambda-alias.ts) and traffic can all build on it without importing one another.
import { SimError } from './errors.js';
import type { VersionModel } from './lambda-model.js';

/** A request or response body as the wire carries it. */
export type Params = Record<string, unknown>;

export interface VersionRecord {
  config: Params;
  model: VersionModel;
}

export interface AliasRecord {
  Name: string;
  FunctionVersion: string;
  Description: string;
  weights: Record<string, number>;
  RevisionId: string;
}

export interface FunctionRecord {
  name: string;
  latest: Params;
  versions: Map<string, VersionRecord>;
  aliases: Map<string, AliasRecord>;
  nextVersion: number;
  /** Models ResourceConflictException: an update (deploy, config change) is in progress. */
  updateInProgress: boolean;
}

export interface AliasHistoryEntry {
  time: number;
  functionName: string;
  alias: string;
  functionVersion: string;
  weights: Record<string, number>;
  revisionId: string;
  description: string;
}

export function invalid(message: string): SimError {
  return new SimError('InvalidParameterValueException', 400, message);
}

export function notFound(message: string): SimError {
  return new SimError('ResourceNotFoundException', 404, message);
}

export function checkRevision(current: string, given: unknown): void {
  if (given !== undefined && given !== current) {
    throw new SimError(
      'PreconditionFailedException',
      412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}

export function pageOf<T>(
  all: T[],
  marker?: string,
  maxItems?: number,
): { page: T[]; next?: string } {
  const start = marker ? Number(Buffer.from(marker, 'base64').toString()) || 0 : 0;
  const size = maxItems && maxItems > 0 ? maxItems : 50;
  const page = all.slice(start, start + size);
  const next =
    start + size < all.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { page, next };
}
