import { installPromiseWithResolvers } from '../../local/polyfills';

installPromiseWithResolvers();
// Development runs on Node 20; the deployed functions run on a current Lambda runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
