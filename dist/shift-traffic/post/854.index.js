export const id = 854;
export const ids = [854];
export const modules = {

/***/ 854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LambdaAlias: () => (/* reexport */ LambdaAlias),
  lambdaClient: () => (/* reexport */ lambdaClient)
});

// UNUSED EXPORTS: cloudWatchClient, describeAlarms, getVersion, readBakeMetrics, runHook

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
;// CONCATENATED MODULE: ./src/core/input-error.ts
/**
 * Bad input, found before any AWS call that changes anything. The message always names
 * the input, the value it got and the form it expects, so the fix is obvious from the log.
 */
class input_error_InputError extends Error {
    input;
    value;
    expected;
    constructor(input, value, expected) {
        super(`Input '${input}' is ${value === '' ? 'empty' : `'${value}'`}; expected ${expected}.`);
        this.input = input;
        this.value = value;
        this.expected = expected;
        this.name = 'InputError';
    }
}

;// CONCATENATED MODULE: ./src/core/region.ts
// The AWS region every client of a run uses: checked with the other inputs, so a missing or
// mistyped region is refused before the SDK loads or any call is made.

/** The `region` input; empty falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
function resolveRegion(regionInput, env = process.env) {
    const region = regionInput?.trim() || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new input_error_InputError('region', region, 'an AWS region such as eu-west-1, from the region input or AWS_REGION');
    }
    return region;
}

;// CONCATENATED MODULE: ./src/adapters/aws.ts
// One place builds AWS clients, so region, retries, endpoints and the user agent are the
// same in every action. Credentials come from the SDK's default chain, which is what
// aws-actions/configure-aws-credentials (OIDC) sets up; endpoints honour AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE> through the SDK itself, which is how the simulator and
// moto are reached.



const USER_AGENT = 'safe-deploy/0.1.0';
function config(options) {
    return {
        region: resolveRegion(options.region),
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
    return new dist_cjs/* LambdaClient */.Nox(config(options));
}
function cloudWatchClient(options = {}) {
    return new CloudWatchClient(config(options));
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
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

;// CONCATENATED MODULE: ./src/core/inputs.ts
// The input grammar shared by every action. Pure: each parser takes the input's name and
// raw text and returns a typed value or throws InputError naming both.

const DURATION_FORM = 'a duration such as 90s, 5m, 1h30m or 250ms';
const DURATION_UNITS_MS = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
};
/** Parses "90s", "5m", "1h30m", "250ms" into milliseconds. A bare number is refused: units matter. */
function parseDuration(input, raw) {
    const text = raw.trim().toLowerCase();
    if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text))
        throw new InputError(input, raw, DURATION_FORM);
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
        total += Number(amount) * DURATION_UNITS_MS[unit];
    }
    return Math.round(total);
}
/** Formats milliseconds the way parseDuration reads them, for summaries and logs. */
function inputs_formatDuration(ms) {
    if (ms < 1000)
        return `${ms}ms`;
    let seconds = Math.round(ms / 1000);
    const parts = [];
    for (const [unit, size] of [
        ['h', 3600],
        ['m', 60],
        ['s', 1],
    ]) {
        const n = Math.floor(seconds / size);
        if (n > 0)
            parts.push(`${n}${unit}`);
        seconds -= n * size;
    }
    return parts.join('') || '0s';
}
/** Parses "10%" or "10" (percent) into a fraction in [0, 1]. */
function parsePercent(input, raw) {
    const text = raw.trim();
    const m = /^(\d+(\.\d+)?)\s*%?$/.exec(text);
    const value = m ? Number(m[1]) : NaN;
    if (!m || value < 0 || value > 100)
        throw new InputError(input, raw, 'a percentage from 0% to 100%, such as 10%');
    return value / 100;
}
/** A published Lambda version number. $LATEST is refused: weighted routing cannot use it. */
function parseVersion(input, raw) {
    const text = raw.trim();
    if (text === '$LATEST') {
        throw new InputError(input, raw, 'a published version number such as 42 ($LATEST cannot be used for weighted routing; publish a version first)');
    }
    if (!/^[1-9]\d*$/.test(text))
        throw new InputError(input, raw, 'a published version number such as 42');
    return text;
}
/** One item per line or comma-separated; blank items are dropped, whitespace trimmed. */
function parseList(raw) {
    return raw
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}
/** YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them. */
function parseBoolean(input, raw) {
    const text = raw.trim();
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new InputError(input, raw, 'true or false');
}
function parseInteger(input, raw, min = 0, max = Number.MAX_SAFE_INTEGER) {
    const text = raw.trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
        throw new InputError(input, raw, `a whole number from ${min} to ${max}`);
    }
    return value;
}
function parseChoice(input, raw, choices) {
    const text = raw.trim();
    if (!choices.includes(text))
        throw new InputError(input, raw, `one of ${choices.join(', ')}`);
    return text;
}
const FUNCTION_FORM = 'a Lambda function name or ARN such as orders-api, without a version or alias qualifier';
const ALIAS_FORM = 'a Lambda alias name such as live (letters, digits, - and _; not a version number)';
/**
 * The function an alias belongs to: a name, partial ARN or ARN, never qualified. A
 * qualifier (orders:4, orders:$LATEST) would address a version, not the function.
 */
function parseFunctionName(input, raw) {
    const text = parseName(input, raw, FUNCTION_FORM);
    const qualified = text.startsWith('arn:')
        ? text.split(':').length > 7
        : /:(\d+|\$LATEST)$/.test(text);
    if (qualified || /\s/.test(text))
        throw new InputError(input, raw, FUNCTION_FORM);
    return text;
}
/** An alias name as Lambda allows it; all digits would be a version number. */
function parseAliasName(input, raw) {
    const text = parseName(input, raw, ALIAS_FORM);
    if (!/^(?!\d+$)[A-Za-z0-9_-]{1,128}$/.test(text))
        throw new InputError(input, raw, ALIAS_FORM);
    return text;
}
/** A name that must not be blank. */
function parseName(input, raw, form = 'a non-empty name') {
    const text = raw.trim();
    if (text === '')
        throw new InputError(input, raw, form);
    return text;
}

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
        const out = await this.client.send(new dist_cjs/* GetAliasCommand */.MES({ FunctionName: this.functionName, Name: this.alias }));
        return toAliasState(this.functionName, this.alias, out);
    }
    async update(revisionId, routing, description) {
        try {
            const out = await this.client.send(new dist_cjs/* UpdateAliasCommand */.lqC({
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
