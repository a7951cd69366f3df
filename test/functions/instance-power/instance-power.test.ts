import {
  DescribeInstanceStatusCommand,
  EC2Client,
  EC2ServiceException,
  type DescribeInstanceStatusCommandOutput,
  type InstanceStateName,
  type SummaryStatus,
  StopInstancesCommand,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { setInstancePower } from '../../../functions/instance-power/instance-power';
import { judgeStart, judgeStop } from '../../../functions/instance-power/power-state';
import { steppingClock } from '../../helpers/stepping-clock';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'us-east-1' });
const instanceId = 'i-0123456789abcdef0';
const status = (
  state: InstanceStateName,
  check: SummaryStatus = 'ok',
): DescribeInstanceStatusCommandOutput => ({
  $metadata: {},
  InstanceStatuses: [
    {
      InstanceId: instanceId,
      InstanceState: { Name: state },
      InstanceStatus: { Status: check },
      SystemStatus: { Status: check },
    },
  ],
});

beforeEach(() => ec2Mock.reset());

describe('judging the next move', () => {
  it('stops what runs, waits on what is stopping, refuses what is gone', () => {
    expect(judgeStop({ state: 'running' })).toEqual({ kind: 'ask' });
    expect(judgeStop({ state: 'stopping' })).toEqual({ kind: 'wait' });
    expect(judgeStop({ state: 'stopped' })).toEqual({ kind: 'done' });
    expect(judgeStop({ state: 'terminated' })).toMatchObject({ kind: 'fail' });
  });

  it('counts a start done only with both status checks ok', () => {
    expect(
      judgeStart({ state: 'running', instanceCheck: 'initializing', systemCheck: 'ok' }),
    ).toEqual({ kind: 'wait' });
    expect(judgeStart({ state: 'running', instanceCheck: 'ok', systemCheck: 'ok' })).toEqual({
      kind: 'done',
    });
    expect(judgeStart({ state: 'stopping' })).toEqual({ kind: 'ask' });
  });
});

describe('setInstancePower', () => {
  it('asks again while EC2 refuses (a pending instance cannot be stopped yet)', async () => {
    ec2Mock
      .on(DescribeInstanceStatusCommand)
      .resolvesOnce(status('pending'))
      .resolvesOnce(status('running'))
      .resolvesOnce(status('stopping'))
      .resolves(status('stopped'));
    ec2Mock
      .on(StopInstancesCommand)
      .rejectsOnce(
        new EC2ServiceException({
          name: 'IncorrectInstanceState',
          $fault: 'client',
          $metadata: {},
          message: '',
        }),
      )
      .resolves({});

    const result = await setInstancePower(
      { step: 'StopInstance', instanceId, action: 'stop', timeoutSeconds: 600 },
      { ec2, clock: steppingClock() },
    );

    expect(result).toEqual({ step: 'StopInstance', instanceId, state: 'stopped', changed: true });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeInstanceStatusCommand, {
      IncludeAllInstances: true,
    });
  });

  it('leaves a stopped instance alone', async () => {
    ec2Mock.on(DescribeInstanceStatusCommand).resolves(status('stopped', 'not-applicable'));
    await expect(
      setInstancePower(
        { step: 'StopInstance', instanceId, action: 'stop', timeoutSeconds: 600 },
        { ec2, clock: steppingClock() },
      ),
    ).resolves.toMatchObject({ changed: false });
    expect(ec2Mock).not.toHaveReceivedCommand(StopInstancesCommand);
  });

  it('times out naming the instance and what it saw last', async () => {
    ec2Mock.on(DescribeInstanceStatusCommand).resolves(status('running', 'initializing'));
    ec2Mock.on(StartInstancesCommand).resolves({});
    await expect(
      setInstancePower(
        { step: 'StartInstance', instanceId, action: 'start', timeoutSeconds: 120 },
        { ec2, clock: steppingClock() },
      ),
    ).rejects.toMatchObject({
      name: 'Jobnet.WaitTimedOut',
      message: expect.stringContaining(
        `${instanceId} to be running with status checks ok after 120 s (limit 120 s); last seen: running, status checks initializing/initializing`,
      ),
    });
  });
});
