import { systemClock } from '../../contract/clock';
import { detectionDelay, spanOfTask, taskDetectionDelay } from '../../local/detection-delay';
import { seedExampleSystem } from '../../local/example-system';
import { createLocalJobnets } from '../../local/local-functions';
import type { InvocationListener, TaskRecord } from '../../local/sfn/task-bindings';
import { SimulatedAccount } from '../../local/sim-aws';
import { VirtualTime } from '../../local/virtual-time';
import { newAccount } from './sim-aws/sim-fixture';

const POWER = 'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-instance-power';
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** A callback task of the instance-power function stopping `instanceId`, as the runner records it. */
function stopTask(instanceId: string, scheduledAt: number, completedAt?: number): TaskRecord {
  return {
    run: 0,
    stateName: 'StopInstance',
    resource: CALLBACK,
    parameters: { FunctionName: POWER, Payload: { action: 'stop', instanceId, taskToken: 't-1' } },
    scheduledAt,
    ...(completedAt === undefined ? {} : { completedAt }),
  };
}

describe('detection delay of a callback wait', () => {
  it('runs the operation from scheduling to the target state, the delay on to completion', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount({ ec2StopMs: 45_000 });
    const id = account.addInstance({});
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(60_000);

    // Act
    const detections = taskDetectionDelay(account, stopTask(id, t0, t0 + 47_500));

    // Assess
    expect(detections).toEqual([{ what: `${id} stopped`, operationMs: 45_000, delayMs: 2_500 }]);
  });

  it('counts nothing for a task not completed, nor one that invokes no function', () => {
    // Prepare
    const { account, t0 } = newAccount();
    const id = account.addInstance({});
    const sdkTask: TaskRecord = {
      ...stopTask(id, t0, t0 + 1),
      resource: 'arn:aws:states:::aws-sdk:backup:startBackupJob',
    };

    // Act / Assess
    expect(spanOfTask(stopTask(id, t0))).toBeUndefined();
    expect(spanOfTask(sdkTask)).toBeUndefined();
    expect(taskDetectionDelay(account, stopTask(id, t0))).toEqual([]);
  });
});

describe('detection delay on a run of today’s jobnet', () => {
  let vt: VirtualTime;
  afterEach(() => vt.uninstall());

  it('gives the same figures from the task records as from the invocations', async () => {
    // Prepare
    vt = new VirtualTime();
    const account = new SimulatedAccount();
    const system = await seedExampleSystem(account, { instances: 2, startState: 'up' });
    const invocations: Parameters<InvocationListener>[0][] = [];
    const sfn = createLocalJobnets({
      account,
      clock: systemClock,
      requestApproval: async () => ({}),
      approvalTimeoutSeconds: 3600,
      onInvoke: (record) => invocations.push(record),
    });
    const execution = sfn.startExecution('stop', { name: 'run', input: system.input('run') });
    await vt.runUntil(() => sfn.tokens.waiting().length > 0);
    sfn.tokens.sendTaskSuccess(sfn.tokens.waiting()[0].token, { approvedBy: 'U_APPROVER' });

    // Act
    await vt.run(execution.done);
    const fromInvocations = invocations.flatMap((r) => detectionDelay(account, r));
    const fromTasks = execution.tasks.flatMap((t) => taskDetectionDelay(account, t));

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(fromInvocations.length).toBeGreaterThan(0);
    expect(fromTasks).toEqual(expect.arrayContaining(fromInvocations));
    expect(fromTasks).toHaveLength(fromInvocations.length);
    for (const task of execution.tasks) {
      expect(task.completedAt).toBeGreaterThanOrEqual(task.scheduledAt);
    }
  });
});
