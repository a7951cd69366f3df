/** One JSON line as Powertools wrote it: a log line, or an EMF metrics document. */
export type OutputLine = Record<string, unknown>;

/**
 * Turns on the logs and metrics the test setup keeps quiet. Powertools reads its environment
 * when a Logger or Metrics is created, so call this before creating them (or before loading a
 * handler that creates them at module scope). Returns the way back.
 */
export function powertoolsOutputOn(): () => void {
  const before = {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL,
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED,
  };
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  return () => Object.assign(process.env, before);
}

/**
 * Captures what is written to stdout and stderr (Powertools writes errors to stderr, the rest
 * to stdout) until restored: the real output, as Lambda would ship it to CloudWatch Logs.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }),
  );
  const text = () => chunks.join('');
  const lines = (): OutputLine[] =>
    text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as OutputLine);
  return {
    /** Everything written, as one string: for asserting what must never appear. */
    text,
    /** Log lines, in order. */
    logs: () => lines().filter((line) => 'level' in line),
    /** EMF documents, in order. */
    metrics: () => lines().filter((line) => '_aws' in line),
    /** The EMF documents that carry a metric of this name. */
    metric: (name: string) => lines().filter((line) => '_aws' in line && name in line),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

export type CapturedOutput = ReturnType<typeof captureOutput>;

/**
 * For a suite of handler tests: before each test the given SDK mocks are reset and the logs and
 * metrics turned on and captured; after it all is put back. Call the result inside a test.
 */
export function useCapturedOutput(...mocks: { reset(): void }[]): () => CapturedOutput {
  let restoreEnv: () => void = () => undefined;
  let output: CapturedOutput | undefined;
  beforeEach(() => {
    mocks.forEach((mock) => mock.reset());
    restoreEnv = powertoolsOutputOn();
    output = captureOutput();
  });
  afterEach(() => {
    output?.restore();
    restoreEnv();
  });
  return () => {
    if (!output) throw new Error('The output is captured inside a test only');
    return output;
  };
}

/** The dimension sets an EMF document declares. */
export function dimensionsOf(emf: OutputLine): string[][] {
  const aws = emf._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] };
  return aws.CloudWatchMetrics.flatMap((m) => m.Dimensions);
}
