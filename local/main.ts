// Entry of `npm start`. Development runs on Node 20, where the AWS SDK warns at load that its
// releases from 2027 need Node 22; the deployed functions run on a current Lambda runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The terminal shows the conversation; the functions' JSON logs and EMF metrics stay out of it
// unless asked for, e.g. `POWERTOOLS_LOG_LEVEL=INFO npm start`. Tracing is off outside Lambda.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// Loaded after the lines above, so the SDK and Powertools see them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('./cli') as typeof import('./cli')).runCli();
