// Every adapter that calls AWS, in one module: an action imports it with `await import()`
// once its inputs are checked, so the SDK (~100 ms to load) is never loaded to refuse bad
// input, and the first line of the log does not wait for it. ncc emits it as a chunk.
export { cloudWatchClient, lambdaClient } from './aws.js';
export { describeAlarms } from './cloudwatch-alarms.js';
export { readBakeMetrics } from './cloudwatch-metrics.js';
export { runHook } from './hooks.js';
export { LambdaAliasTarget } from './lambda/alias-target.js';
export { aliasTarget, cellTarget } from './targets.js';
export { readVersions } from './lambda/versions.js';
export { readAllocation } from './provisioned-concurrency.js';
