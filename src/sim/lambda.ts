// The simulated Lambda: functions, published versions and aliases, and the operations the
// REST-JSON routes (lambda-routes.ts) and the control API call on them. The records it
// keeps are in lambda-records.ts, the routing rules an alias must satisfy in lambda-alias.ts.
import { createHash, randomUUID } from 'node:crypto';
import { SimError } from './errors.js';
import { DEFAULT_MODEL, type VersionModel } from './lambda-model.js';
import { validateRouting } from './lambda-alias.js';
import {
  newProvisioned,
  noProvisioned,
  type ProvisionedOptions,
  type ProvisionedRecord,
  provisionedWire,
  reallocate,
} from './lambda-provisioned.js';
import {
  type AliasHistoryEntry,
  type AliasRecord,
  checkRevision,
  type FunctionRecord,
  invalid,
  notFound,
  pageOf,
  type Params,
  type VersionRecord,
} from './lambda-records.js';

export const ACCOUNT = '123456789012';
/** AWS rejects a longer alias Description; the suite keeps its deployment record there. */
export const MAX_DESCRIPTION = 256;

export class LambdaState {
  readonly functions = new Map<string, FunctionRecord>();
  readonly aliasHistory: AliasHistoryEntry[] = [];
  /** Provisioned concurrency by `function:alias`. */
  readonly provisioned = new Map<string, ProvisionedRecord>();

  constructor(
    private now: () => number,
    readonly region: string,
  ) {}

  arn(fn: string, qualifier?: string): string {
    return `arn:aws:lambda:${this.region}:${ACCOUNT}:function:${fn}${qualifier ? `:${qualifier}` : ''}`;
  }

  /** Accepts a name, a partial ARN (`fn:qualifier`) or a full ARN. */
  parseName(raw: string): { fn: FunctionRecord; qualifier?: string } {
    const m = /^(?:arn:aws[a-z-]*:lambda:[^:]*:\d*:function:)?([^:]+)(?::([^:]+))?$/.exec(
      decodeURIComponent(raw),
    );
    const fn = m ? this.functions.get(m[1]!) : undefined;
    if (!fn) throw notFound(`Function not found: ${this.arn(m?.[1] ?? raw)}`);
    return { fn, qualifier: m?.[2] };
  }

  createFunction(p: Params): Params {
    const name = String(p.FunctionName ?? '');
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(name)) throw invalid(`Invalid FunctionName: ${name}`);
    if (this.functions.has(name))
      throw new SimError('ResourceConflictException', 409, `Function already exist: ${name}`);
    if (!p.Role) throw invalid('Role is required.');
    const latest: Params = {
      FunctionName: name,
      FunctionArn: this.arn(name),
      Runtime: p.Runtime ?? 'nodejs22.x',
      Role: p.Role,
      Handler: p.Handler ?? 'index.handler',
      CodeSize: 0,
      Description: p.Description ?? '',
      Timeout: p.Timeout ?? 3,
      MemorySize: p.MemorySize ?? 128,
      CodeSha256: codeSha((p.Code as Params | undefined)?.ZipFile ?? name),
      Version: '$LATEST',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      ...(p.DeadLetterConfig ? { DeadLetterConfig: p.DeadLetterConfig } : {}),
    };
    const fn: FunctionRecord = {
      name,
      latest,
      versions: new Map(),
      aliases: new Map(),
      nextVersion: 1,
      updateInProgress: false,
    };
    this.touch(latest);
    this.functions.set(name, fn);
    return { ...latest };
  }

  updateCode(raw: string, p: Params): Params {
    const { fn } = this.parseName(raw);
    this.guardUpdate(fn);
    fn.latest.CodeSha256 = codeSha(p.ZipFile ?? randomUUID());
    this.touch(fn.latest);
    return { ...fn.latest };
  }

  updateConfiguration(raw: string, p: Params): Params {
    const { fn } = this.parseName(raw);
    this.guardUpdate(fn);
    checkRevision(fn.latest.RevisionId as string, p.RevisionId);
    for (const k of [
      'Role',
      'Description',
      'Timeout',
      'MemorySize',
      'Handler',
      'Runtime',
      'DeadLetterConfig',
    ]) {
      if (p[k] !== undefined) fn.latest[k] = p[k];
    }
    this.touch(fn.latest);
    return { ...fn.latest };
  }

  publishVersion(raw: string, p: Params, model: VersionModel = DEFAULT_MODEL): Params {
    const { fn } = this.parseName(raw);
    this.guardUpdate(fn);
    checkRevision(fn.latest.RevisionId as string, p.RevisionId);
    if (p.CodeSha256 && p.CodeSha256 !== fn.latest.CodeSha256) {
      throw invalid('CodeSHA256 does not match the code of $LATEST.');
    }
    // Like AWS: nothing changed since the last version, so that version comes back.
    const last = fn.versions.get(String(fn.nextVersion - 1));
    if (last && sameCode(last.config, fn.latest)) return { ...last.config };
    const version = String(fn.nextVersion++);
    const config: Params = {
      ...fn.latest,
      FunctionArn: this.arn(fn.name, version),
      Version: version,
      Description: p.Description ?? fn.latest.Description,
    };
    this.touch(config);
    fn.versions.set(version, { config, model: { ...model } });
    return { ...config };
  }

  getConfiguration(raw: string, qualifier?: string): Params {
    const { fn, qualifier: q } = this.parseName(raw);
    return { ...this.resolveVersion(fn, qualifier ?? q).config };
  }

  listVersions(raw: string, marker?: string, maxItems?: number): Params {
    const { fn } = this.parseName(raw);
    const all = [fn.latest, ...[...fn.versions.values()].map((v) => v.config)];
    const { page, next } = pageOf(all, marker, maxItems);
    return { Versions: page.map((c) => ({ ...c })), ...(next ? { NextMarker: next } : {}) };
  }

  createAlias(raw: string, p: Params): Params {
    const { fn } = this.parseName(raw);
    const name = String(p.Name ?? '');
    if (!/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name.length > 128)
      throw invalid(`Invalid alias name: ${name}`);
    if (fn.aliases.has(name))
      throw new SimError(
        'ResourceConflictException',
        409,
        `Alias already exists: ${this.arn(fn.name, name)}`,
      );
    this.guardUpdate(fn);
    const alias: AliasRecord = {
      Name: name,
      FunctionVersion: '',
      Description: '',
      weights: {},
      RevisionId: '',
    };
    this.applyAlias(fn, alias, p);
    fn.aliases.set(name, alias);
    return this.aliasWire(fn, alias);
  }

  getAlias(raw: string, name: string): Params {
    const { fn } = this.parseName(raw);
    return this.aliasWire(fn, this.alias(fn, name));
  }

  updateAlias(raw: string, name: string, p: Params): Params {
    const { fn } = this.parseName(raw);
    const alias = this.alias(fn, name);
    checkRevision(alias.RevisionId, p.RevisionId);
    this.guardUpdate(fn);
    this.applyAlias(fn, alias, p);
    return this.aliasWire(fn, alias);
  }

  deleteAlias(raw: string, name: string): void {
    const { fn } = this.parseName(raw);
    fn.aliases.delete(name);
    this.provisioned.delete(`${fn.name}:${name}`);
  }

  /**
   * PutProvisionedConcurrencyConfig on an alias. FACTS.md: an alias with weights can't have
   * its provisioned concurrency changed (the message is the simulator's wording).
   */
  putProvisionedConcurrency(
    raw: string,
    qualifier: string | undefined,
    requested: unknown,
    options: ProvisionedOptions = {},
  ): Params {
    const { fn, alias } = this.provisionedAlias(raw, qualifier);
    if (Object.keys(alias.weights).length > 0)
      throw new SimError(
        'ResourceConflictException',
        409,
        `Alias with weights can not be used with Provisioned Concurrency: ${this.arn(fn.name, alias.Name)}`,
      );
    const record = newProvisioned(Number(requested), options, this.now());
    this.provisioned.set(`${fn.name}:${alias.Name}`, record);
    return provisionedWire(record, this.now());
  }

  getProvisionedConcurrency(raw: string, qualifier: string | undefined): Params {
    const { fn, alias } = this.provisionedAlias(raw, qualifier);
    const record = this.provisioned.get(`${fn.name}:${alias.Name}`);
    if (!record) throw noProvisioned(this.arn(fn.name, alias.Name));
    return provisionedWire(record, this.now());
  }

  deleteProvisionedConcurrency(raw: string, qualifier: string | undefined): void {
    const { fn, alias } = this.provisionedAlias(raw, qualifier);
    this.provisioned.delete(`${fn.name}:${alias.Name}`);
  }

  /** Only aliases are modelled: a version qualifier is refused, not ignored. */
  private provisionedAlias(
    raw: string,
    qualifier: string | undefined,
  ): { fn: FunctionRecord; alias: AliasRecord } {
    const { fn } = this.parseName(raw);
    if (!qualifier) throw invalid('Qualifier is required.');
    if (/^\d+$/.test(qualifier) && !fn.aliases.has(qualifier))
      throw invalid('The simulator models provisioned concurrency on aliases only.');
    return { fn, alias: this.alias(fn, qualifier) };
  }

  listAliases(raw: string, version?: string, marker?: string, maxItems?: number): Params {
    const { fn } = this.parseName(raw);
    const all = [...fn.aliases.values()].filter(
      (a) => !version || a.FunctionVersion === version || a.weights[version] !== undefined,
    );
    const { page, next } = pageOf(all, marker, maxItems);
    return {
      Aliases: page.map((a) => this.aliasWire(fn, a)),
      ...(next ? { NextMarker: next } : {}),
    };
  }

  alias(fn: FunctionRecord, name: string): AliasRecord {
    const a = fn.aliases.get(name);
    if (!a) throw notFound(`Alias not found: ${this.arn(fn.name, name)}`);
    return a;
  }

  resolveVersion(fn: FunctionRecord, qualifier?: string): VersionRecord {
    if (!qualifier || qualifier === '$LATEST')
      return {
        config: fn.latest,
        model: fn.versions.get(String(fn.nextVersion - 1))?.model ?? DEFAULT_MODEL,
      };
    const v =
      fn.versions.get(qualifier) ??
      fn.versions.get(fn.aliases.get(qualifier)?.FunctionVersion ?? '');
    if (!v) throw notFound(`Function not found: ${this.arn(fn.name, qualifier)}`);
    return v;
  }

  private applyAlias(fn: FunctionRecord, alias: AliasRecord, p: Params): void {
    const description = p.Description !== undefined ? String(p.Description) : alias.Description;
    if (description.length > MAX_DESCRIPTION) {
      // A model constraint: AWS answers ValidationException, which the Lambda client has no class for.
      throw new SimError(
        'ValidationException',
        400,
        `1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DESCRIPTION}`,
      );
    }
    const version =
      p.FunctionVersion !== undefined ? String(p.FunctionVersion) : alias.FunctionVersion;
    const routing = p.RoutingConfig as
      { AdditionalVersionWeights?: Record<string, number> } | undefined;
    const weights =
      routing !== undefined ? { ...(routing.AdditionalVersionWeights ?? {}) } : alias.weights;
    validateRouting(this, fn, version, weights);
    const rerouted =
      version !== alias.FunctionVersion ||
      JSON.stringify(weights) !== JSON.stringify(alias.weights);
    const provisioned = this.provisioned.get(`${fn.name}:${alias.Name}`);
    if (rerouted && provisioned) reallocate(provisioned, this.now());
    alias.FunctionVersion = version;
    alias.Description = description;
    alias.weights = weights;
    alias.RevisionId = randomUUID();
    this.aliasHistory.push({
      time: this.now(),
      functionName: fn.name,
      alias: alias.Name,
      functionVersion: version,
      weights: { ...weights },
      revisionId: alias.RevisionId,
      description,
    });
  }

  private aliasWire(fn: FunctionRecord, a: AliasRecord): Params {
    return {
      AliasArn: this.arn(fn.name, a.Name),
      Name: a.Name,
      FunctionVersion: a.FunctionVersion,
      Description: a.Description,
      ...(Object.keys(a.weights).length
        ? { RoutingConfig: { AdditionalVersionWeights: { ...a.weights } } }
        : {}),
      RevisionId: a.RevisionId,
    };
  }

  private guardUpdate(fn: FunctionRecord): void {
    if (fn.updateInProgress) {
      throw new SimError(
        'ResourceConflictException',
        409,
        `The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(fn.name)}`,
      );
    }
  }

  private touch(c: Params): void {
    c.RevisionId = randomUUID();
    c.LastModified = new Date(this.now()).toISOString().replace('Z', '+0000');
  }
}

function codeSha(zip: unknown): string {
  return createHash('sha256').update(String(zip)).digest('base64');
}

function sameCode(a: Params, b: Params): boolean {
  return ['CodeSha256', 'Role', 'Handler', 'Runtime', 'Timeout', 'MemorySize'].every(
    (k) => a[k] === b[k],
  );
}
