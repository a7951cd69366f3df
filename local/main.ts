// Entry of `npm start`. Development runs on Node 20, where the AWS SDK warns at load that its
// releases from 2027 need Node 22; the deployed functions run on a current Lambda runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Loaded after the line above, so the SDK sees it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('./cli') as typeof import('./cli')).runCli();
