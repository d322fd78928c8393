export const id = 422;
export const ids = [422];
export const modules = {

/***/ 4422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LambdaAlias: () => (/* reexport */ LambdaAlias),
  cloudWatchClient: () => (/* reexport */ cloudWatchClient),
  describeAlarms: () => (/* reexport */ describeAlarms),
  lambdaClient: () => (/* reexport */ lambdaClient)
});

// UNUSED EXPORTS: getVersion, readBakeMetrics, runHook

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var client_lambda_dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./src/core/region.ts
var region = __webpack_require__(7987);
;// CONCATENATED MODULE: ./src/adapters/aws.ts
// One place builds AWS clients, so region, retries, endpoints and the user agent are the
// same in every action. Credentials come from the SDK's default chain, which is what
// aws-actions/configure-aws-credentials (OIDC) sets up; endpoints honour AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE> through the SDK itself, which is how the simulator and
// moto are reached.



const USER_AGENT = 'safe-deploy/0.1.0';
function config(options) {
    return {
        region: (0,region/* resolveRegion */.Z)(options.region),
        maxAttempts: options.maxAttempts ?? 4,
        retryMode: 'adaptive',
        customUserAgent: USER_AGENT,
        ...(options.requestTimeoutMs !== undefined
            ? {
                requestHandler: {
                    connectionTimeout: options.requestTimeoutMs,
                    requestTimeout: options.requestTimeoutMs,
                    // Without it the SDK only logs a breached requestTimeout and keeps waiting.
                    throwOnRequestTimeout: true,
                },
            }
            : {}),
    };
}
function lambdaClient(options = {}) {
    return new client_lambda_dist_cjs/* LambdaClient */.Nox(config(options));
}
function cloudWatchClient(options = {}) {
    return new dist_cjs/* CloudWatchClient */.WBn(config(options));
}

;// CONCATENATED MODULE: ./src/adapters/cloudwatch-alarms.ts
// Reads alarms in as few DescribeAlarms calls as AWS allows: names in batches of 100,
// each prefix paged 100 at a time, metric and composite alarms in the same call.

const ALARM_NAMES_PER_CALL = 100;
async function describeAlarms(client, selection) {
    const byName = new Map();
    const queries = [];
    for (let i = 0; i < selection.names.length; i += ALARM_NAMES_PER_CALL) {
        queries.push({ AlarmNames: selection.names.slice(i, i + ALARM_NAMES_PER_CALL) });
    }
    for (const prefix of selection.prefixes)
        queries.push({ AlarmNamePrefix: prefix });
    for (const query of queries) {
        let nextToken;
        do {
            const out = await client.send(new dist_cjs/* DescribeAlarmsCommand */.zWD({
                ...query,
                AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
                MaxRecords: ALARM_NAMES_PER_CALL,
                NextToken: nextToken,
            }));
            for (const alarm of out.MetricAlarms ?? [])
                byName.set(alarm.AlarmName ?? '', fromMetricAlarm(alarm));
            for (const alarm of out.CompositeAlarms ?? [])
                byName.set(alarm.AlarmName ?? '', fromCompositeAlarm(alarm));
            nextToken = out.NextToken;
        } while (nextToken);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
function dimensions(list) {
    return Object.fromEntries((list ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
}
function fromMetricAlarm(alarm) {
    const math = alarm.Metrics ?? [];
    const metrics = alarm.MetricName
        ? [
            {
                namespace: alarm.Namespace,
                metricName: alarm.MetricName,
                dimensions: dimensions(alarm.Dimensions),
                period: alarm.Period,
            },
        ]
        : math
            .filter((q) => q.MetricStat)
            .map((q) => ({
            namespace: q.MetricStat?.Metric?.Namespace,
            metricName: q.MetricStat?.Metric?.MetricName,
            dimensions: dimensions(q.MetricStat?.Metric?.Dimensions),
            period: q.MetricStat?.Period,
        }));
    return {
        name: alarm.AlarmName ?? '',
        type: 'metric',
        state: (alarm.StateValue ?? 'INSUFFICIENT_DATA'),
        reason: alarm.StateReason ?? '',
        updatedAt: alarm.StateUpdatedTimestamp?.getTime(),
        metric: {
            namespace: alarm.Namespace,
            metricName: alarm.MetricName,
            dimensions: dimensions(alarm.Dimensions),
            period: alarm.Period ?? metrics.find((m) => m.period)?.period,
            evaluationPeriods: alarm.EvaluationPeriods,
            datapointsToAlarm: alarm.DatapointsToAlarm,
            usesMetricMath: !alarm.MetricName && math.length > 0,
            metrics,
            treatMissingData: alarm.TreatMissingData,
        },
    };
}
function fromCompositeAlarm(alarm) {
    return {
        name: alarm.AlarmName ?? '',
        type: 'composite',
        state: (alarm.StateValue ?? 'INSUFFICIENT_DATA'),
        reason: alarm.StateReason ?? '',
        updatedAt: alarm.StateUpdatedTimestamp?.getTime(),
        rule: alarm.AlarmRule,
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/core/input-error.ts
var input_error = __webpack_require__(496);
;// CONCATENATED MODULE: ./src/core/hook.ts
// Lifecycle hooks: what the `before-traffic` and `after-traffic` inputs mean, what a hook is
// told, and how its answer is judged. Running one is the adapter's job (src/adapters/hooks.ts).

const HOOK_FORM = 'lambda:<function name or ARN>, or a command such as ./scripts/smoke-test.sh --fast (run without a shell)';
/**
 * `lambda:my-hook` (or a Lambda ARN) invokes a function; anything else is a command, split
 * into arguments here and run without a shell, so no input ever becomes shell code.
 */
function parseHook(input, raw) {
    const text = raw.trim();
    if (text === '')
        return undefined;
    if (/^arn:aws[a-z-]*:lambda:/.test(text))
        return { kind: 'lambda', functionName: text };
    if (text.startsWith('lambda:')) {
        const functionName = text.slice('lambda:'.length).trim();
        if (!/^[\w:.-]+$/.test(functionName))
            throw new InputError(input, raw, HOOK_FORM);
        return { kind: 'lambda', functionName };
    }
    let argv;
    try {
        argv = splitArguments(text);
    }
    catch (error) {
        throw new InputError(input, raw, `${HOOK_FORM}; ${error.message}`);
    }
    return { kind: 'command', argv };
}
/**
 * Splits a command line into arguments: whitespace separates, single quotes keep text
 * as is, double quotes allow \" and \\. No expansion of any kind: there is no shell.
 */
function splitArguments(line) {
    const args = [];
    let current = '';
    let started = false;
    let quote;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote === "'") {
            if (c === "'")
                quote = undefined;
            else
                current += c;
        }
        else if (quote === '"') {
            if (c === '"')
                quote = undefined;
            else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\'))
                current += line[++i];
            else
                current += c;
        }
        else if (c === "'" || c === '"') {
            quote = c;
            started = true;
        }
        else if (/\s/.test(c)) {
            if (started)
                args.push(current);
            current = '';
            started = false;
        }
        else {
            current += c;
            started = true;
        }
    }
    if (quote)
        throw new Error(`unclosed ${quote} quote`);
    if (started)
        args.push(current);
    return args;
}
/** The details as environment variables for a command hook. */
function hook_hookEnvironment(details) {
    return {
        SAFE_DEPLOY_PHASE: details.phase,
        SAFE_DEPLOY_FUNCTION_NAME: details.functionName,
        SAFE_DEPLOY_ALIAS: details.alias,
        SAFE_DEPLOY_PREVIOUS_VERSION: details.previousVersion,
        SAFE_DEPLOY_VERSION: details.version,
        SAFE_DEPLOY_QUALIFIED_VERSION: details.qualifiedVersion,
        SAFE_DEPLOY_STRATEGY: details.strategy,
        SAFE_DEPLOY_REGION: details.region,
        SAFE_DEPLOY_RUN_URL: details.runUrl ?? '',
    };
}
/**
 * A Lambda hook fails when the invocation errored (FunctionError) or its answer says
 * {"status": "Failed"} (CodeDeploy's word, any case). Any other answer passes: the hook
 * ran and did not object.
 */
function hook_judgeLambdaHook(functionError, payload) {
    if (functionError)
        return { ok: false, reason: `the hook function failed (${functionError}): ${clip(payload)}` };
    let parsed;
    try {
        parsed = payload.trim() === '' ? undefined : JSON.parse(payload);
    }
    catch {
        parsed = undefined;
    }
    const body = parsed;
    if (typeof body?.status === 'string' && body.status.toLowerCase() === 'failed') {
        const reason = typeof body.reason === 'string' ? `: ${body.reason}` : '';
        return { ok: false, reason: `the hook returned status Failed${reason}` };
    }
    return { ok: true, detail: payload.trim() === '' ? 'no answer' : clip(payload) };
}
function clip(text) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length > 300 ? `${one.slice(0, 300)}…` : one;
}

// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
;// CONCATENATED MODULE: ./src/adapters/hooks.ts
// Runs the before-traffic and after-traffic hooks: a Lambda function invoked with the
// deployment's details, or a command run without a shell with the details in SAFE_DEPLOY_*
// variables. Both stop at their timeout and at a cancel, so a hook never holds a restore.





async function runHook(spec, details, signal, context) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort('timeout'), context.timeoutMs);
    const both = AbortSignal.any([signal, timeout.signal]);
    const timedOut = () => ({
        ok: false,
        reason: `the hook did not finish within hook-timeout (${formatDuration(context.timeoutMs)})`,
    });
    try {
        if (spec.kind === 'lambda')
            return await invokeHook(spec.functionName, details, both, context);
        return await commandHook(spec.argv, details, both, context);
    }
    catch (error) {
        if (timeout.signal.aborted && !signal.aborted)
            return timedOut();
        if (signal.aborted)
            return { ok: false, reason: `cancelled: ${String(signal.reason)}` };
        return { ok: false, reason: `the hook could not run: ${errorText(error)}` };
    }
    finally {
        clearTimeout(timer);
    }
}
async function invokeHook(functionName, details, signal, context) {
    context.log(`Invoking ${functionName} (${details.phase})`);
    const out = await context.lambda.send(new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(details)),
    }), { abortSignal: signal });
    const payload = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    return judgeLambdaHook(out.FunctionError, payload);
}
/** The step's own inputs and state (the GitHub token among them) are not the hook's business. */
function hookEnv(details) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined && !/^(INPUT_|STATE_)/.test(key))
            env[key] = value;
    }
    return { ...env, ...hookEnvironment(details) };
}
/**
 * node:child_process rather than @actions/exec: exec cannot stop a command, and a hook that
 * outlives its timeout or a cancel must be stopped so the restore is not held up. It is
 * spawned from an argument array with shell: false, so no input becomes shell code.
 */
function commandHook(argv, details, signal, context) {
    context.log(`Running ${JSON.stringify(argv)} (${details.phase})`);
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(new Error('aborted'));
        const child = spawn(argv[0], argv.slice(1), {
            shell: false,
            env: hookEnv(details),
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const prefix = `[${details.phase}] `;
        for (const stream of [child.stdout, child.stderr]) {
            let rest = '';
            stream.setEncoding('utf8');
            stream.on('data', (chunk) => {
                const lines = (rest + chunk).split('\n');
                rest = lines.pop() ?? '';
                for (const line of lines)
                    context.log(prefix + line);
            });
            stream.on('end', () => rest && context.log(prefix + rest));
        }
        const onAbort = () => {
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 2000).unref();
            reject(new Error('aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.on('error', (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
        child.on('close', (code, killedBy) => {
            signal.removeEventListener('abort', onAbort);
            if (code === 0)
                resolve({ ok: true, detail: 'exit code 0' });
            else
                resolve({
                    ok: false,
                    reason: killedBy
                        ? `the command was killed by ${killedBy}`
                        : `the command exited with code ${code}`,
                });
        });
    });
}

// EXTERNAL MODULE: ./src/core/alias-state.ts
var alias_state = __webpack_require__(559);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
// EXTERNAL MODULE: ./src/core/error-text.ts
var error_text = __webpack_require__(6457);
;// CONCATENATED MODULE: ./src/core/alias-update.ts



/** The adapter's translation of PreconditionFailedException. */
class StaleRevisionError extends Error {
    revisionId;
    constructor(revisionId) {
        super(`the alias changed since revision ${revisionId} was read`);
        this.revisionId = revisionId;
        this.name = 'StaleRevisionError';
    }
}
/** Someone else changed the alias; the suite stopped without overwriting it. */
class AliasChangedError extends Error {
    expected;
    found;
    intended;
    constructor(expected, found, intended) {
        super(`Alias ${found.functionName}:${found.alias} was changed by someone else: expected ${(0,alias_state/* describeRouting */.ww)(expected)} ` +
            `(revision ${expected.revisionId}), found ${(0,alias_state/* describeRouting */.ww)(found)} (revision ${found.revisionId}). ` +
            `Nothing was overwritten; the suite was about to set ${(0,alias_state/* describeRouting */.ww)(intended)}.`);
        this.expected = expected;
        this.found = found;
        this.intended = intended;
        this.name = 'AliasChangedError';
    }
}
/** A restore that could not finish: says exactly where the alias is and how to fix it. */
class RestoreFailedError extends Error {
    functionName;
    alias;
    targetVersion;
    lastKnown;
    cause;
    constructor(functionName, alias, targetVersion, lastKnown, cause) {
        const where = lastKnown
            ? `The alias is at ${(0,alias_state/* describeRouting */.ww)(lastKnown)} (revision ${lastKnown.revisionId}).`
            : 'The alias state could not be read.';
        super(`Could not restore ${functionName}:${alias} to version ${targetVersion}: ${(0,error_text/* errorText */.k)(cause)}. ${where} ` +
            `Fix it now with: ${(0,alias_state/* fixCommand */.V2)(functionName, alias, targetVersion)}`);
        this.functionName = functionName;
        this.alias = alias;
        this.targetVersion = targetVersion;
        this.lastKnown = lastKnown;
        this.cause = cause;
        this.name = 'RestoreFailedError';
    }
}
/**
 * Sets `target` on an alias last read as `expected`. Retries throttling, 5xx, conflicts
 * and dropped connections with the same RevisionId. A stale revision is re-read: if the
 * alias already shows `target` (our own write landed though its answer was lost) that is
 * success; anything else is someone else's change and throws AliasChangedError.
 */
async function applyRouting(port, expected, target, description, options) {
    const retry = {
        clock: options.clock,
        policy: options.retry,
        random: options.random,
        onRetry: options.onRetry,
    };
    try {
        return await withRetry(() => port.update(expected.revisionId, target, description), retry);
    }
    catch (error) {
        if (!(error instanceof StaleRevisionError))
            throw error;
        const found = await withRetry(() => port.read(), retry);
        if (sameRouting(found, target) &&
            (description === undefined || found.description === description))
            return found;
        throw new AliasChangedError(expected, found, target);
    }
}
/**
 * Puts the alias fully back on the previous version. Idempotent: an alias already there
 * is left alone. Refuses when the alias routes to a version that is neither ours nor the
 * previous one (someone else deployed). Any failure becomes RestoreFailedError, which
 * carries the exact alias state and the command that fixes it.
 */
async function restorePrevious(port, request, options) {
    let before;
    try {
        const retry = {
            clock: options.clock,
            policy: options.retry,
            random: options.random,
            onRetry: options.onRetry,
        };
        before = await withRetry(() => port.read(), retry);
        const target = { primaryVersion: request.previousVersion };
        if (!isSplit(before) && before.primaryVersion === request.previousVersion) {
            const needsDescription = request.description !== undefined && before.description !== request.description;
            if (!needsDescription)
                return { changed: false, before, after: before };
            const after = await applyRouting(port, before, target, request.description, options);
            return { changed: false, before, after };
        }
        const foreign = versionsIn(before).filter((v) => v !== request.previousVersion && v !== request.version);
        if (foreign.length > 0) {
            throw new Error(`the alias routes to version ${foreign.join(', ')}, which this deployment (${request.previousVersion} -> ${request.version}) did not set; someone else changed it`);
        }
        const after = await applyRouting(port, before, target, request.description, options);
        return { changed: true, before, after };
    }
    catch (error) {
        const lastKnown = error instanceof AliasChangedError ? error.found : before;
        throw new RestoreFailedError(request.functionName, request.alias, request.previousVersion, lastKnown, error);
    }
}

;// CONCATENATED MODULE: ./src/adapters/lambda-alias.ts
// Thin Lambda adapter: reads and writes alias routing, and checks versions exist.


function toAliasState(functionName, alias, config) {
    const weights = Object.entries(config.RoutingConfig?.AdditionalVersionWeights ?? {}).filter(([, w]) => w > 0);
    return {
        functionName,
        alias,
        primaryVersion: config.FunctionVersion ?? '',
        ...(weights.length > 0
            ? { additional: { version: weights[0][0], weight: weights[0][1] } }
            : {}),
        revisionId: config.RevisionId ?? '',
        description: config.Description ?? '',
    };
}
class LambdaAlias {
    client;
    functionName;
    alias;
    constructor(client, functionName, alias) {
        this.client = client;
        this.functionName = functionName;
        this.alias = alias;
    }
    async read() {
        const out = await this.client.send(new client_lambda_dist_cjs/* GetAliasCommand */.MES({ FunctionName: this.functionName, Name: this.alias }));
        return toAliasState(this.functionName, this.alias, out);
    }
    async update(revisionId, routing, description) {
        try {
            const out = await this.client.send(new client_lambda_dist_cjs/* UpdateAliasCommand */.lqC({
                FunctionName: this.functionName,
                Name: this.alias,
                FunctionVersion: routing.primaryVersion,
                // An empty map clears weighted routing: a finished shift leaves no weights behind.
                RoutingConfig: {
                    AdditionalVersionWeights: routing.additional
                        ? { [routing.additional.version]: routing.additional.weight }
                        : {},
                },
                RevisionId: revisionId,
                ...(description !== undefined ? { Description: description } : {}),
            }));
            return toAliasState(this.functionName, this.alias, out);
        }
        catch (error) {
            if (error.name === 'PreconditionFailedException')
                throw new StaleRevisionError(revisionId);
            throw error;
        }
    }
}
/** The configuration of one published version; ResourceNotFoundException if it does not exist. */
async function getVersion(client, functionName, version) {
    const out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }));
    return {
        version,
        role: out.Role,
        deadLetterTarget: out.DeadLetterConfig?.TargetArn,
        state: out.State,
    };
}

;// CONCATENATED MODULE: ./src/adapters/aws-api.ts
// Every adapter that calls AWS, in one module: an action imports it with `await import()`
// once its inputs are checked, so the SDK (~100 ms to load) is never loaded to refuse bad
// input, and the first line of the log does not wait for it. ncc emits it as a chunk.







/***/ })

};
