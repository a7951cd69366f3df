import { spanOfTask, taskDetectionDelay } from '../../local/detection-delay';
import type { TaskRecord } from '../../local/sfn/task-bindings';
import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';
import { newAccount } from './sim-aws/sim-fixture';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

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
    expect(detections).toEqual([
      { what: `${id} stopped`, operationMs: 45_000, delayMs: 2_500, reachedAt: t0 + 45_000 },
    ]);
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

describe('detection delay on a run of the jobnet', () => {
  let h: JobnetHarness;
  afterEach(() => h?.dispose());

  it('finds a detection for every wait of a stop, each noticed within its event’s delivery', async () => {
    // Prepare
    h = await createJobnetHarness({ instances: 2 });

    // Act
    const execution = await h.approvedRun('stop');
    const detections = execution.tasks.flatMap((t) => taskDetectionDelay(h.account, t));

    // Assess: per instance two commands and the stop, then the DB cluster's two waits.
    expect(execution.status).toBe('SUCCEEDED');
    expect(detections).toHaveLength(2 * 3 + 2);
    // An event arrives 0.3–1.5 s after the change (EventBridge-like); the completion follows.
    for (const d of detections) expect(d.delayMs).toBeLessThanOrEqual(1_600);
    // Waits of a minute or more are noticed within 5 % of their operation.
    for (const d of detections.filter((x) => x.operationMs >= 30_000)) {
      expect(d.delayMs).toBeLessThanOrEqual(0.05 * d.operationMs);
    }
    for (const task of execution.tasks) {
      expect(task.completedAt).toBeGreaterThanOrEqual(task.scheduledAt);
    }
  });
});
