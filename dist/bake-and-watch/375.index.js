export const id = 375;
export const ids = [375];
export const modules = {

/***/ 3375:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LambdaAlias: () => (/* reexport */ LambdaAlias),
  cloudWatchClient: () => (/* reexport */ cloudWatchClient),
  describeAlarms: () => (/* reexport */ describeAlarms),
  lambdaClient: () => (/* reexport */ lambdaClient),
  readBakeMetrics: () => (/* reexport */ readBakeMetrics)
});

// UNUSED EXPORTS: getVersion, runHook

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

// EXTERNAL MODULE: ./src/core/bake/observations.ts
var observations = __webpack_require__(2606);
;// CONCATENATED MODULE: ./src/adapters/cloudwatch-metrics.ts
// Reads the bake's evidence in one GetMetricData call per poll: Invocations, Errors,
// Throttles and p99 Duration for the new and the baseline version through the
// ExecutedVersion dimension set (the only way to see each version of a weighted alias
// apart), and Invocations of the whole alias for the traffic-collapse check.


/** GetMetricData limits (per call). */
const MAX_QUERIES_PER_CALL = 500;
const MAX_DATAPOINTS_PER_CALL = 100_800;
const VERSION_METRICS = [
    ['inv', 'Invocations', 'Sum'],
    ['err', 'Errors', 'Sum'],
    ['thr', 'Throttles', 'Sum'],
    ['p99', 'Duration', 'p99'],
];
function bakeQueries(t) {
    const fn = { Name: 'FunctionName', Value: t.functionName };
    const resource = { Name: 'Resource', Value: `${t.functionName}:${t.alias}` };
    const queries = [];
    for (const [side, version] of [
        ['v', t.version],
        ['b', t.baselineVersion],
    ]) {
        for (const [id, name, stat] of VERSION_METRICS) {
            queries.push({
                Id: `${side}_${id}`,
                MetricStat: {
                    Metric: {
                        Namespace: 'AWS/Lambda',
                        MetricName: name,
                        Dimensions: [fn, resource, { Name: 'ExecutedVersion', Value: version }],
                    },
                    Period: t.periodS,
                    Stat: stat,
                },
                ReturnData: true,
            });
        }
    }
    queries.push({
        Id: 'a_inv',
        MetricStat: {
            Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [fn, resource] },
            Period: t.periodS,
            Stat: 'Sum',
        },
        ReturnData: true,
    });
    return queries;
}
/** Datapoints one poll can return at most; must stay under the per-call limit. */
function datapointsPerPoll(window, periodS) {
    return 9 * Math.ceil((window.end - window.start) / (periodS * 1000));
}
async function readBakeMetrics(client, target, window, signal) {
    const queries = bakeQueries(target);
    const series = new Map(queries.map((q) => [q.Id, { timestamps: [], values: [] }]));
    const messages = [];
    let partial = false;
    if (window.end <= window.start)
        return { periods: [], partial, messages };
    let nextToken;
    do {
        const out = await client.send(new dist_cjs/* GetMetricDataCommand */.Soe({
            MetricDataQueries: queries,
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
        }), { abortSignal: signal });
        for (const m of out.Messages ?? [])
            messages.push(`${m.Code ?? ''}${m.Code ? ': ' : ''}${m.Value ?? ''}`);
        for (const r of out.MetricDataResults ?? []) {
            const s = series.get(r.Id ?? '');
            if (!s)
                continue;
            if (r.StatusCode === 'PartialData')
                partial = true;
            for (const m of r.Messages ?? [])
                messages.push(`${r.Id}: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
            (r.Timestamps ?? []).forEach((t, i) => {
                s.timestamps.push(t.getTime());
                s.values.push(r.Values?.[i] ?? 0);
            });
        }
        nextToken = out.NextToken;
    } while (nextToken);
    const get = (id) => series.get(id);
    const side = (p) => ({
        invocations: get(`${p}_inv`),
        errors: get(`${p}_err`),
        throttles: get(`${p}_thr`),
        p99: get(`${p}_p99`),
    });
    const raw = {
        version: side('v'),
        baseline: side('b'),
        aliasInvocations: get('a_inv'),
    };
    return { periods: (0,observations/* toPeriods */.St)(raw, window, target.periodS), partial, messages };
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

// EXTERNAL MODULE: ./src/core/alias-update.ts
var alias_update = __webpack_require__(1845);
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
                throw new alias_update/* StaleRevisionError */.RF(revisionId);
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
