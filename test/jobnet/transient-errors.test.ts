import { JobnetError, JobnetErrors } from '../../contract/errors';
import type { JobnetName } from '../../contract/jobnets';
import type { SimService } from '../../local/sim-aws/types';
import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

type Case = [step: string, jobnet: JobnetName, service: SimService, action: string];

/**
 * Every AWS call a step makes, by the step it serves (reads shared with Prepare too): its own
 * function's, and those of the wait matcher (a check's exit code) and the poll (status checks,
 * target health) that complete it.
 */
const CALLS: Case[] = [
  ['Prepare', 'stop', 'ec2', 'DescribeInstances'],
  ['Prepare', 'stop', 'elbv2', 'DescribeTargetHealth'],
  ['PutMaintenancePage', 'stop', 'elbv2', 'DescribeRules'],
  ['PutMaintenancePage', 'stop', 'elbv2', 'CreateRule'],
  ['StopApache', 'stop', 'ssm', 'SendCommand'],
  ['CheckApacheStopped', 'stop', 'ssm', 'GetCommandInvocation'],
  ['StopInstance', 'stop', 'ec2', 'StopInstances'],
  ['WaitDbAvailable', 'stop', 'rds', 'DescribeDBClusters'],
  ['StopDbCluster', 'stop', 'rds', 'StopDBCluster'],
  ['StartDbCluster', 'start', 'rds', 'StartDBCluster'],
  ['StartInstance', 'start', 'ec2', 'StartInstances'],
  ['StartInstance', 'start', 'ec2', 'DescribeInstanceStatus'],
  ['StartApache', 'start', 'ssm', 'SendCommand'],
  ['WaitTargetsHealthy', 'start', 'elbv2', 'DescribeTargetGroups'],
  ['WaitTargetsHealthy', 'start', 'elbv2', 'DescribeTargetHealth'],
  ['RemoveMaintenancePage', 'start', 'elbv2', 'DeleteRule'],
];

/** Each service's own throttling answer, and the service faults every API can give. */
const THROTTLING: Record<SimService, [string, number]> = {
  ec2: ['RequestLimitExceeded', 503],
  ssm: ['ThrottlingException', 400],
  rds: ['Throttling', 400],
  elbv2: ['Throttling', 400],
  backup: ['ThrottlingException', 400],
  scheduler: ['ThrottlingException', 429],
  logs: ['ThrottlingException', 400],
};
const KINDS = ['throttling', 'InternalFailure (500)', 'ServiceUnavailable (503)'] as const;

function fault(service: SimService, kind: (typeof KINDS)[number]): [string, number] {
  if (kind === 'throttling') return THROTTLING[service];
  return kind === 'InternalFailure (500)' ? ['InternalFailure', 500] : ['ServiceUnavailable', 503];
}

async function runWith(jobnet: JobnetName, inject: () => void) {
  h = await createJobnetHarness({ instances: 2, startState: jobnet === 'stop' ? 'up' : 'down' });
  inject();
  return h.approvedRun(jobnet);
}

describe('transient AWS errors never end a run', () => {
  const cases = CALLS.flatMap((c) => KINDS.map((kind) => [...c, kind] as const));
  it.each(cases)(
    '%s (%s): three %s:%s answers of %s',
    async (_step, jobnet, service, action, kind) => {
      const [code, httpStatus] = fault(service, kind);
      const execution = await runWith(jobnet, () =>
        h.account.faults.failCalls({ service, action, code, httpStatus, times: 3 }),
      );
      expect({ status: execution.status, error: execution.error }).toEqual({
        status: 'SUCCEEDED',
        error: undefined,
      });
      const failed = h.account.calls.filter((c) => c.action === action && c.error === code);
      expect(failed).toHaveLength(3);
    },
  );

  it('rides out throttling longer than a step tries by itself: the definition retries the step', async () => {
    const execution = await runWith('stop', () =>
      h.account.faults.failCalls({
        service: 'rds',
        action: 'StopDBCluster',
        code: 'InternalFailure',
        httpStatus: 500,
        times: 10,
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(h.account.snapshot().clusters[0].status).toBe('stopped');
    // Ten failures outlast one invocation's seven tries: the definition's Retry of
    // Jobnet.AwsUnavailable ran the step again, and its fourth call went through.
    const calls = h.account.calls.filter((c) => c.action === 'StopDBCluster');
    expect(calls.filter((c) => c.error === 'InternalFailure')).toHaveLength(10);
    expect(calls.filter((c) => c.error === undefined)).toHaveLength(1);
  });

  // The approval requester reads the plan from the run record before it posts anything.
  it('asks for approval again when reading the plan kept failing, and is asked once', async () => {
    const unavailable = () =>
      new JobnetError(JobnetErrors.awsUnavailable, 'Reading the plan: ThrottlingException');
    h = await createJobnetHarness({
      instances: 2,
      approvalErrors: [unavailable(), unavailable()],
    });

    const execution = await h.approvedRun('stop');

    expect(execution.status).toBe('SUCCEEDED');
    expect(h.approvalRequests).toHaveLength(1);
    const retried = execution.events.filter(
      (e) =>
        e.type === 'StateRetried' &&
        (e as { state?: { name?: string } }).state?.name === 'Approval',
    );
    expect(retried).toHaveLength(2);
  });

  it('fails at once, naming the step and resource, on a real refusal', async () => {
    const execution = await runWith('stop', () =>
      h.account.faults.failCalls({
        service: 'rds',
        action: 'StopDBCluster',
        code: 'AccessDenied',
        httpStatus: 403,
        times: 1,
      }),
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('AccessDenied');
    const cause = (JSON.parse(execution.cause ?? '{}') as { errorMessage: string }).errorMessage;
    expect(cause).toMatch(/^StopDbCluster on DB cluster shop-db: AccessDenied: /);
  });
});
