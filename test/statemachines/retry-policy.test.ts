import { JOBNETS, type JobnetName } from '../../contract/jobnets';
import { readDefinitionText } from '../../statemachines/definitions';
import {
  LAMBDA_SERVICE_RETRY,
  retryPolicyViolations,
  taskStates,
} from '../../statemachines/retry-policy';

/** A definition as a person edits it: plain JSON, free to change in a test. */
const definition = (jobnet: JobnetName) => JSON.parse(readDefinitionText(jobnet));

describe('the retry policy of the definitions', () => {
  it.each(Object.keys(JOBNETS) as JobnetName[])(
    'holds every Task of the %s definition, nested ones included',
    (jobnet) => {
      expect(retryPolicyViolations(definition(jobnet))).toEqual([]);
    },
  );

  it.each(Object.keys(JOBNETS) as JobnetName[])(
    'finds every Task of the %s definition',
    (jobnet) => {
      const text = readDefinitionText(jobnet);
      const written = text.match(/"Type":\s*"Task"/g) ?? [];
      expect(taskStates(JSON.parse(text))).toHaveLength(written.length);
    },
  );

  it('walks into Map processors and Parallel branches', () => {
    const stop = taskStates(definition('stop')).map((t) => t.path);
    const start = taskStates(definition('start')).map((t) => t.path);
    expect(stop).toEqual(
      expect.arrayContaining([
        'Approval',
        'StopWebInstances/StopApache',
        'StopWebInstances/BackupInstance',
      ]),
    );
    expect(start).toEqual(
      expect.arrayContaining([
        'StartDbAndInstances/StartDbCluster',
        'StartDbAndInstances/BootWebInstances/StartInstance',
      ]),
    );
  });
});

describe('retryPolicyViolations', () => {
  it('names a Task inside a Map that forgot its Lambda retry', () => {
    const stop = definition('stop');
    delete stop.States.StopWebInstances.ItemProcessor.States.StopApache.Retry;

    expect(retryPolicyViolations(stop)).toEqual([
      {
        state: 'StopWebInstances/StopApache',
        problem: expect.stringContaining('does not retry Lambda.ServiceException'),
      },
      {
        state: 'StopWebInstances/StopApache',
        problem: expect.stringContaining('does not retry Jobnet.AwsUnavailable'),
      },
    ]);
  });

  it('names a task function that would end the run on an AWS outage it could ride out', () => {
    const stop = definition('stop');
    const task = stop.States.StopDbCluster;
    task.Retry = task.Retry.filter(
      (r: { ErrorEquals: string[] }) => !r.ErrorEquals.includes('Jobnet.AwsUnavailable'),
    );

    expect(retryPolicyViolations(stop)).toEqual([
      {
        state: 'StopDbCluster',
        problem: expect.stringContaining('does not retry Jobnet.AwsUnavailable'),
      },
    ]);
  });

  it('names a Task inside a Parallel branch whose Lambda retry was changed', () => {
    const start = definition('start');
    const boot = start.States.StartDbAndInstances.Branches[1].States.BootWebInstances;
    boot.ItemProcessor.States.StartInstance.Retry[0].MaxAttempts = 2;

    expect(retryPolicyViolations(start).map((v) => v.state)).toEqual([
      'StartDbAndInstances/BootWebInstances/StartInstance',
    ]);
  });

  it('allows retries on top of the common block, never in its place', () => {
    const stop = definition('stop');
    const approval = stop.States.Approval;
    expect(approval.Retry).toHaveLength(3); // Slack.Unavailable as well: allowed.
    approval.Retry = approval.Retry.filter(
      (r: { ErrorEquals: string[] }) => !r.ErrorEquals.includes('Lambda.ServiceException'),
    );

    expect(retryPolicyViolations(stop).map((v) => v.state)).toEqual(['Approval']);
  });

  // It reads the plan from the run record: a throttled read is retried, not the run ended.
  it('holds the approval to the AWS retry too', () => {
    const start = definition('start');
    const reopen = start.States.ApproveReopen;
    reopen.Retry = reopen.Retry.filter(
      (r: { ErrorEquals: string[] }) => !r.ErrorEquals.includes('Jobnet.AwsUnavailable'),
    );

    expect(retryPolicyViolations(start)).toEqual([
      { state: 'ApproveReopen', problem: expect.stringContaining('Jobnet.AwsUnavailable') },
    ]);
  });

  it("holds an SDK integration to its service's transient errors", () => {
    const stop = definition('stop');
    stop.States.BackupDbCluster.Retry = [LAMBDA_SERVICE_RETRY];

    expect(retryPolicyViolations(stop)).toEqual([
      {
        state: 'BackupDbCluster',
        problem: expect.stringContaining('Backup.ServiceUnavailableException'),
      },
    ]);
  });

  it('asks for a decision when a Task calls a service or resource the policy does not know', () => {
    const stop = definition('stop');
    stop.States.BackupDbCluster.Resource = 'arn:aws:states:::aws-sdk:rds:stopDBCluster';
    stop.States.Prepare.Resource = 'arn:aws:states:::states:startExecution.sync:2';

    expect(retryPolicyViolations(stop)).toEqual([
      { state: 'Prepare', problem: expect.stringContaining('states:startExecution') },
      { state: 'BackupDbCluster', problem: expect.stringContaining('aws-sdk:rds') },
    ]);
  });
});
