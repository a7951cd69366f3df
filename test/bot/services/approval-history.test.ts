import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ApprovalScan } from '../../../bot/services/approval-history';

/** A callback task's TaskScheduled event, as Step Functions writes it. */
function scheduled(id: number, payload: Record<string, unknown>): HistoryEvent {
  return {
    id,
    type: 'TaskScheduled',
    timestamp: new Date('2026-12-02T22:00:00Z'),
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      parameters: JSON.stringify({ FunctionName: 'f', Payload: payload }),
    },
  };
}

describe('the approval scan', () => {
  it('takes the approval’s task, never a wait’s, though both are callback tasks', () => {
    const scan = new ApprovalScan();
    scan.add(scheduled(1, { taskToken: 'approval-token', run: {} }));
    scan.add(scheduled(2, { taskToken: 'wait-token', step: 'StopInstance', instanceId: 'i-1' }));

    expect(scan.tasks.map((t) => t.taskToken)).toEqual(['approval-token']);
    expect(scan.waiting()?.taskToken).toBe('approval-token');
  });
});
