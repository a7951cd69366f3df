export { SimulatedAccount, type SimulatedAccountOptions } from './account';
export type { AwsEvent, BackupJobStateEvent } from './account-events';
export { awsEventEnvelope, eventIdFor } from './event-stream';
export { createSimulatedClients, type SimulatedClients } from './clients';
export { SimApiError } from './errors';
export type { SimFaults } from './faults';
export { DEFAULT_GROUP } from './scheduler';
export type { ScheduleRecord, ScheduleTargetRecord } from './state';
export type { ClusterSeed, InstanceSeed, TargetGroupSeed } from './seed';
export {
  MAX_STOPPED_MS,
  RDS_CLUSTER_EVENTS,
  type EventCursor,
  type RdsClusterEventId,
  type RdsEventBridgeEvent,
} from './rds-events';
export type { AccountSnapshot } from './snapshot';
export {
  DEFAULT_SIM_TIMINGS,
  type ApiCall,
  type SimClock,
  type SimService,
  type SimTimings,
  type Transition,
} from './types';
