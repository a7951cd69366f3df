import type { Trigger } from '../bot/progress-notifier/trigger-events';
import type { EventLog, LocalExecution } from './sfn/local-step-functions';

/**
 * Feeds the progress notifier locally, as the log subscription and EventBridge do on AWS: each
 * interpreter event asks for a render of its execution, and its end is reported as a status
 * change (which releases the run lock). Renders of one execution never overlap, and what
 * arrives during one is folded into a single render after it.
 */
export class ProgressFeed {
  private readonly state = new Map<string, { running: Promise<void>; next?: Trigger }>();

  constructor(
    private readonly render: (trigger: Trigger) => Promise<unknown>,
    private readonly onError: (executionArn: string, error: unknown) => void,
  ) {}

  /** An interpreter event of an execution; its start also watches for its end. */
  follow(execution: LocalExecution, event: EventLog): void {
    const { executionArn } = execution;
    this.request({ executionArn });
    // Each start (a redrive starts again) is followed by one end; status and stopDate are set
    // once `done` settles, as DescribeExecution shows them when EventBridge reports the end.
    if (event.type === 'ExecutionStarted') {
      void execution.done.then(() =>
        this.request({
          executionArn,
          ended: {
            status: execution.status,
            ...(execution.stopDate !== undefined ? { stopDate: execution.stopDate } : {}),
          },
        }),
      );
    }
  }

  request(trigger: Trigger): void {
    const current = this.state.get(trigger.executionArn);
    if (current) {
      // A run's end must not be lost in the fold.
      const ended = trigger.ended ?? current.next?.ended;
      current.next = { ...trigger, ...(ended ? { ended } : {}) };
      return;
    }
    const entry: { running: Promise<void>; next?: Trigger } = {
      running: Promise.resolve(),
      next: trigger,
    };
    this.state.set(trigger.executionArn, entry);
    entry.running = (async () => {
      while (entry.next) {
        const next = entry.next;
        entry.next = undefined;
        try {
          await this.render(next);
        } catch (error) {
          this.onError(next.executionArn, error);
        }
      }
      this.state.delete(trigger.executionArn);
    })();
  }

  /** Resolves once no render is running or pending. */
  async idle(): Promise<void> {
    while (this.state.size > 0) await Promise.all([...this.state.values()].map((s) => s.running));
  }
}
