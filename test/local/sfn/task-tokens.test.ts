import { TaskTokenBroker } from '../../../local/sfn/task-tokens';
import { manualTimer } from '../../helpers/manual-timer';

const HOUR = 3_600_000;

describe('TaskTokenBroker', () => {
  it('hands the SendTaskSuccess output to the waiting task, once', async () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    const token = broker.open('exec-1', 'Approval', { plan: 1 }, HOUR);
    const waiting = broker.wait(token);
    expect(broker.waiting()).toEqual([
      { token, executionArn: 'exec-1', stateName: 'Approval', payload: { plan: 1 } },
    ]);

    broker.sendTaskSuccess(token, { approvedBy: 'U1' });

    await expect(waiting).resolves.toEqual({ approvedBy: 'U1' });
    expect(broker.waiting()).toEqual([]);
  });

  it('fails the waiting task with the error and cause of SendTaskFailure', async () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    const token = broker.open('exec-1', 'Approval', {}, HOUR);
    const waiting = broker.wait(token);
    broker.sendTaskFailure(token, 'Jobnet.ApprovalRejected', 'Rejected by U2');
    await expect(waiting).rejects.toMatchObject({
      name: 'Jobnet.ApprovalRejected',
      message: 'Rejected by U2',
    });
  });

  // The service: TaskTimedOut = "the task token has either expired or the task associated with
  // the token has already been closed"; InvalidToken = "the provided token is not valid".
  it('answers TaskTimedOut for a token whose task was decided, as the service does', () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    const approved = broker.open('exec-1', 'Approval', {}, HOUR);
    broker.sendTaskSuccess(approved, {});
    const rejected = broker.open('exec-2', 'Approval', {}, HOUR);
    broker.sendTaskFailure(rejected, 'Jobnet.ApprovalRejected', 'no');
    broker.wait(rejected).catch(() => undefined);

    for (const token of [approved, rejected]) {
      expect(() => broker.sendTaskSuccess(token, {})).toThrow(
        expect.objectContaining({ name: 'TaskTimedOut' }),
      );
      expect(() => broker.sendTaskFailure(token, 'E', 'c')).toThrow(
        expect.objectContaining({ name: 'TaskTimedOut' }),
      );
    }
  });

  it('times a task out on its own timer, then answers TaskTimedOut', async () => {
    const clock = manualTimer();
    const broker = new TaskTokenBroker(clock.timer);
    const token = broker.open('exec-1', 'Approval', {}, HOUR);
    const waiting = broker.wait(token);
    expect(clock.pending.map((p) => p.ms)).toEqual([HOUR]);

    clock.fireAll();

    await expect(waiting).rejects.toMatchObject({ name: 'States.Timeout' });
    expect(broker.waiting()).toEqual([]);
    expect(() => broker.sendTaskSuccess(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('stops the timer of a decided task', () => {
    const clock = manualTimer();
    const broker = new TaskTokenBroker(clock.timer);
    broker.sendTaskSuccess(broker.open('exec-1', 'Approval', {}, HOUR), {});
    expect(clock.pending.every((p) => p.cancelled)).toBe(true);
  });

  it('answers InvalidToken for a token it never issued', () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    broker.open('exec-1', 'Approval', {}, HOUR);
    for (const token of ['nope', 'local-token-garbled', '']) {
      expect(() => broker.sendTaskSuccess(token, {})).toThrow(
        expect.objectContaining({ name: 'InvalidToken' }),
      );
      expect(() => broker.sendTaskFailure(token, 'E', 'c')).toThrow(
        expect.objectContaining({ name: 'InvalidToken' }),
      );
    }
  });

  it('closes the tokens of an execution that ended, releasing the waiting task', async () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    const token = broker.open('exec-1', 'Approval', {}, HOUR);
    const waiting = broker.wait(token);
    broker.closeExecution('exec-1');
    await expect(waiting).rejects.toMatchObject({ name: 'States.Aborted' });
    expect(() => broker.sendTaskSuccess(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  // A failed run's other branch may still be in its function: its callback task must not start
  // a timer (on the real clock once a test's virtual time is gone, it kept the process alive).
  it('gives a task opened after its execution ended no timer, and closes it at once', async () => {
    const clock = manualTimer();
    const broker = new TaskTokenBroker(clock.timer);
    broker.closeExecution('exec-1');

    const late = broker.open('exec-1', 'StartInstance', {}, HOUR);

    await expect(broker.wait(late)).rejects.toMatchObject({ name: 'States.Aborted' });
    expect(clock.pending).toEqual([]);
    expect(broker.waiting()).toEqual([]);
    expect(() => broker.sendTaskSuccess(late, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    // Other executions are not affected.
    broker.open('exec-2', 'StartInstance', {}, HOUR);
    expect(clock.pending.map((p) => p.ms)).toEqual([HOUR]);
  });

  it('lets a redriven execution wait again', () => {
    const clock = manualTimer();
    const broker = new TaskTokenBroker(clock.timer);
    broker.closeExecution('exec-1');
    broker.reopenExecution('exec-1');

    const token = broker.open('exec-1', 'StartInstance', { id: 'i-1' }, HOUR);

    expect(broker.waiting()).toEqual([
      { token, executionArn: 'exec-1', stateName: 'StartInstance', payload: { id: 'i-1' } },
    ]);
    expect(clock.pending.map((p) => p.ms)).toEqual([HOUR]);
  });

  it('retires a token whose request never went out', () => {
    const broker = new TaskTokenBroker(manualTimer().timer);
    const token = broker.open('exec-1', 'Approval', {}, HOUR);
    broker.retire(token);
    expect(broker.waiting()).toEqual([]);
  });
});
