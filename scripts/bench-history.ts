// npm run bench:history — see scripts/bench/history.ts for what it measures. The functions'
// JSON logs and EMF metrics stay out of the figures; set before the SDK and Powertools load.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('./bench/history') as typeof import('./bench/history')).runBench();
