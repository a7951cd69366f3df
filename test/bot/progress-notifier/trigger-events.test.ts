import { gzipSync } from 'node:zlib';
import { triggersIn } from '../../../bot/progress-notifier/trigger-events';

const A = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:a';
const B = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:b';

const logs = (messages: object[]) => ({
  awslogs: {
    data: gzipSync(
      JSON.stringify({ logEvents: messages.map((m) => ({ message: JSON.stringify(m) })) }),
    ).toString('base64'),
  },
});

describe('triggers', () => {
  it('name each execution of a log batch once, with the newest event id it carried', () => {
    const batch = logs([
      { id: '7', type: 'TaskStateEntered', execution_arn: A },
      { id: '3', type: 'TaskStateEntered', execution_arn: B },
      { id: '9', type: 'TaskStateExited', execution_arn: A },
      { id: '8', type: 'TaskScheduled', execution_arn: A },
    ]);

    expect(triggersIn(batch)).toEqual([
      { executionArn: A, newestEventId: 9 },
      { executionArn: B, newestEventId: 3 },
    ]);
  });

  it('leave the extent open when an entry carries no id', () => {
    expect(triggersIn(logs([{ id: '4', execution_arn: A }, { execution_arn: A }]))).toEqual([
      { executionArn: A },
    ]);
  });

  it.each(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])(
    'report the end of an execution from a %s status change, with its stop date',
    (status) => {
      const event = {
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn: A, status, stopDate: 1_700_000_000_000 },
      };

      expect(triggersIn(event)).toEqual([
        { executionArn: A, ended: { status, stopDate: 1_700_000_000_000 } },
      ]);
    },
  );

  it.each(['RUNNING', 'PENDING_REDRIVE'])('report no end from a %s status change', (status) => {
    const event = {
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn: A, status, stopDate: null },
    };

    expect(triggersIn(event)).toEqual([{ executionArn: A }]);
  });
});
