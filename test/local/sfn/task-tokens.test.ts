import { TaskTokenBroker } from '../../../local/sfn/task-tokens';

describe('TaskTokenBroker', () => {
  it('hands the SendTaskSuccess output to the waiting task, once', async () => {
    const broker = new TaskTokenBroker();
    const token = broker.open('exec-1', 'Approval', { plan: 1 });
    const waiting = broker.wait(token, 60_000);
    expect(broker.waiting()).toEqual([
      { token, executionArn: 'exec-1', stateName: 'Approval', payload: { plan: 1 } },
    ]);

    broker.sendTaskSuccess(token, { approvedBy: 'U1' });

    await expect(waiting).resolves.toEqual({ approvedBy: 'U1' });
    expect(() => broker.sendTaskSuccess(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
    expect(broker.waiting()).toEqual([]);
  });

  it('fails the waiting task with the error and cause of SendTaskFailure', async () => {
    const broker = new TaskTokenBroker();
    const token = broker.open('exec-1', 'Approval', {});
    const waiting = broker.wait(token, 60_000);
    broker.sendTaskFailure(token, 'Jobnet.ApprovalRejected', 'Rejected by U2');
    await expect(waiting).rejects.toMatchObject({
      name: 'Jobnet.ApprovalRejected',
      message: 'Rejected by U2',
    });
  });

  it('refuses unknown tokens and the tokens of executions that ended', () => {
    const broker = new TaskTokenBroker();
    expect(() => broker.sendTaskSuccess('nope', {})).toThrow(
      expect.objectContaining({ name: 'InvalidToken' }),
    );
    const token = broker.open('exec-1', 'Approval', {});
    broker.closeExecution('exec-1');
    expect(() => broker.sendTaskSuccess(token, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });
});
