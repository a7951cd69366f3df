import { RDSClient } from '@aws-sdk/client-rds';
import { systemClock } from '../../contract/clock';
import { handleCluster, type DbClusterDeps, type DbClusterEvent } from './db-cluster';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: DbClusterDeps) => (event: DbClusterEvent) =>
  handleCluster(event, deps);

export const handler = makeHandler({ rds: new RDSClient({}), clock: systemClock });
