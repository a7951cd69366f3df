// npm run bench:jobnet — runs the stop and start jobnets with 2, 50 and 500 instances on the
// local interpreter against the simulated account (reference operation durations, virtual time)
// and prints what each run costs and how quickly it notices each resource reaching its target:
// see scripts/bench/jobnet.ts. The functions' JSON logs and EMF metrics stay out of the figures;
// set before the SDK and Powertools load.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// eslint-disable-next-line @typescript-eslint/no-require-imports
void (require('./bench/jobnet') as typeof import('./bench/jobnet')).runBench();
