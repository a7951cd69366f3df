/**
 * PLACEHOLDER so the CDK app can bundle the scheduled-run starter while it is being written on
 * another branch (issue 10): that branch's handler replaces this file in the merge. It is
 * deployed by infra/constructs/scheduled-runs.ts and invoked by EventBridge Scheduler with a
 * firing ({ kind: 'schedule' | 'one-off', system, …, scheduledAt }).
 */
export const handler = async (_event: unknown): Promise<never> => {
  throw new Error('not built yet');
};
