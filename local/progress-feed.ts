/**
 * Feeds the progress notifier locally, as the log subscription and EventBridge do on AWS: each
 * interpreter event asks for a render of its execution; renders of one execution never overlap,
 * and events that arrive during one are folded into a single render after it.
 */
export class ProgressFeed {
  private readonly state = new Map<string, { running: Promise<void>; again: boolean }>();

  constructor(
    private readonly render: (executionArn: string) => Promise<unknown>,
    private readonly onError: (executionArn: string, error: unknown) => void,
  ) {}

  request(executionArn: string): void {
    const current = this.state.get(executionArn);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { running: Promise.resolve(), again: false };
    this.state.set(executionArn, entry);
    entry.running = (async () => {
      do {
        entry.again = false;
        try {
          await this.render(executionArn);
        } catch (error) {
          this.onError(executionArn, error);
        }
      } while (entry.again);
      this.state.delete(executionArn);
    })();
  }

  /** Resolves once no render is running or pending. */
  async idle(): Promise<void> {
    while (this.state.size > 0) await Promise.all([...this.state.values()].map((s) => s.running));
  }
}
