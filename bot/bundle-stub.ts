/**
 * Stands in, in the Lambda bundle only, for modules Bolt loads at import but the Function URL
 * path never calls: Socket Mode (and its HTTP client), OAuth installation and raw HTTP body
 * parsing. Leaving them
 * out saves about 1 MB of bundle and its load time on every cold start.
 */
function unavailable(): never {
  throw new Error('Not part of the Lambda bundle: this bot runs on AwsLambdaReceiver only');
}

export default unavailable;
export const SocketModeClient = unavailable;
export const InstallProvider = unavailable;
export const LogLevel = {};
