import { installPromiseWithResolvers } from '../../local/polyfills';

installPromiseWithResolvers();
// Development runs on Node 20; the deployed functions run on a current Lambda runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Powertools writes JSON logs and EMF metrics to stdout; the tests that read them turn them on
// (test/helpers/powertools-output.ts), the others stay quiet.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
