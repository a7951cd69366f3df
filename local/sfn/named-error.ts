/** An Error whose `name` is what Step Functions matches on (Retry, Catch) or reports. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
