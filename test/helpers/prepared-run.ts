import { buildExecutionInput } from '../../config/execution-input';
import { parseConfig } from '../../config/load';
import { jobnetInputSchema } from '../../contract/jobnet-input';
import {
  COMMAND_WAIT_MARGIN_SECONDS,
  HEALTH_WAIT_MARGIN_SECONDS,
  type Plan,
  type PreparedRun,
} from '../../contract/plan';
import type { JobnetName } from '../../contract/jobnets';
import { buildPlan } from '../../functions/prepare-run/plan';
import { exampleConfig } from './bot-harness';

/** The example system's run input and what Prepare saw: two running web instances. */
function exampleRun(
  jobnet: JobnetName,
  slack: { channel: string; threadTs?: string },
  requestedBy: string,
) {
  const config = parseConfig(exampleConfig());
  const system = config.systems[0];
  const run = jobnetInputSchema.parse(
    buildExecutionInput(system, {
      runId: `${jobnet}-shop-20261129T2200-0123abcd`,
      requestedBy,
      slack,
      approvalTimeoutSeconds: config.slack.approvalTimeoutSeconds,
    }),
  );
  const instanceIds = ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002'];
  const plan = buildPlan(jobnet, run, {
    instances: instanceIds.map((id, n) => ({ id, name: `shop-web-${n + 1}`, state: 'running' })),
    db: { id: 'shop-db', status: 'available' },
    maintenancePage: 'down',
    targets: instanceIds.map((id) => ({ id, state: 'healthy' })),
  });
  return { run, instanceIds, plan };
}

/** What Prepare hands the approval step for the example system: two running web instances. */
export function preparedRun(
  jobnet: JobnetName,
  slack: { channel: string; threadTs?: string },
  requestedBy = 'U0REQUESTER',
): PreparedRun {
  const { run, instanceIds } = exampleRun(jobnet, slack, requestedBy);
  return {
    ...run,
    jobnet,
    instanceIds,
    commandWaitSeconds: run.timeouts.commandSeconds + COMMAND_WAIT_MARGIN_SECONDS,
    healthWaitSeconds: run.timeouts.targetsHealthySeconds + HEALTH_WAIT_MARGIN_SECONDS,
  };
}

/** The plan Prepare keeps in the run record for {@link preparedRun}'s run. */
export function preparedPlan(jobnet: JobnetName): Plan {
  return exampleRun(jobnet, { channel: 'C0' }, 'U0REQUESTER').plan;
}

/** Reads the example plan of the jobnet the execution ARN names, as the run record would hold it. */
export const examplePlanReader = async (executionArn: string): Promise<Plan | undefined> => {
  const jobnet = /:webapp-chatops-(stop|start):/.exec(executionArn)?.[1] as JobnetName | undefined;
  return jobnet ? preparedPlan(jobnet) : undefined;
};

/**
 * The approval requester's records, approval call and audit trail for a person's run, which
 * uses none: any use fails the test.
 */
export const personRunOnly = {
  schedules: {
    firing: () => Promise.reject(new Error('a person’s run reads no firing record')),
    oneOff: () => Promise.reject(new Error('a person’s run reads no one-off record')),
  },
  approve: () => Promise.reject(new Error('a person’s run is not approved in advance')),
  audit: {
    record: () =>
      Promise.reject(new Error('a person’s run is not recorded as approved in advance')),
  },
  readPlan: examplePlanReader,
};
