import type {
  BackupJobEvent,
  CommandStatusEvent,
  InstanceStateEvent,
} from '../../contract/wait-events';
import { backupJobStartBy, backupVaultArn } from './backup';
import { backupJobEndsAt, backupJobTransitions } from './backup-job-model';
import {
  awsEventEnvelope,
  eventIdFor,
  happenedSince,
  inTimeOrder,
  nextAfter,
  type EventCursor,
  type Happening,
} from './event-stream';
import { instanceArn } from './ids';
import { clusterHappenings, type RdsEventBridgeEvent } from './rds-events';
import { invocationTransitions } from './ssm-invocation';
import type { BackupJobRecord, InstanceRecord, SimState } from './state';

/**
 * The events the simulated account puts on the default bus, raised at the simulated instant of
 * the change: EC2 instance state changes, Run Command invocation status changes, RDS cluster
 * events and AWS Backup job state changes, each in the shape its service's guide shows.
 */

/** A full Backup Job State Change (RUNNING and after): the contract's fields and StartBy. */
type BackupJobProgressEvent = Omit<BackupJobEvent, 'detail'> & {
  readonly detail: BackupJobEvent['detail'] & { readonly startBy: string };
};
/** CREATED: the guide's example carries only the job id, the state and the creation date. */
type BackupJobCreatedEvent = Omit<BackupJobEvent, 'detail'> & {
  readonly detail: {
    readonly backupJobId: string;
    readonly state: 'CREATED';
    readonly creationDate: string;
  };
};
export type BackupJobStateEvent = BackupJobProgressEvent | BackupJobCreatedEvent;

/** Any event the account raises. */
export type AwsEvent =
  InstanceStateEvent | CommandStatusEvent | RdsEventBridgeEvent | BackupJobStateEvent;

/**
 * Every state change after the instance was added (its seeded state is no change), including
 * `pending` and `stopping`, as EC2 reports each state it enters.
 */
function instanceHappenings(s: SimState, from: number): Happening<AwsEvent>[] {
  return [...s.instances.values()].flatMap((inst) =>
    inst.state
      .transitions()
      .slice(1)
      .filter((e) => e.at >= from)
      .map((e) => {
        const key = `ec2-state/${inst.id}/${e.state}/${e.at}`;
        return { at: e.at, key, event: () => instanceStateEvent(s, inst, e.at, e.state, key) };
      }),
  );
}

function instanceStateEvent(
  s: SimState,
  inst: InstanceRecord,
  at: number,
  state: string,
  key: string,
): InstanceStateEvent {
  return awsEventEnvelope(s, {
    id: eventIdFor(key),
    at,
    detailType: 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    resources: [instanceArn(s.region, s.accountId, inst.id)],
    detail: { 'instance-id': inst.id, state },
  });
}

/**
 * Each invocation's status changes after it was created: InProgress when the agent picks it
 * up, then its final status (Failed the instant a stop interrupts it). Pending is its status
 * at creation, not a change; Run Command's notifications list none for it either.
 */
function commandHappenings(s: SimState, from: number): Happening<AwsEvent>[] {
  return [...s.commands.values()].flatMap((cmd) =>
    [...cmd.invocations.values()]
      // Every status change of an invocation happens by its planned end.
      .filter((inv) => inv.endAt >= from)
      .flatMap((inv) => {
        const inst = s.instances.get(inv.instanceId) as InstanceRecord;
        return invocationTransitions(inst, cmd, inv)
          .filter((e) => e.state !== 'Pending' && e.at >= from)
          .map((e): Happening<AwsEvent> => {
            const key = `ssm-invocation/${cmd.id}/${inst.id}/${e.state}/${e.at}`;
            const event = (): CommandStatusEvent =>
              awsEventEnvelope(s, {
                id: eventIdFor(key),
                at: e.at,
                detailType: 'EC2 Command Invocation Status-change Notification',
                source: 'aws.ssm',
                resources: [instanceArn(s.region, s.accountId, inst.id)],
                detail: {
                  'command-id': cmd.id,
                  'document-name': cmd.documentName,
                  'instance-id': inst.id,
                  'requested-date-time': new Date(cmd.sentAt).toISOString(),
                  status: e.state,
                },
              });
            return { at: e.at, key, event };
          });
      }),
  );
}

/** Every state a backup job enters: CREATED and RUNNING as it starts, COMPLETED at its end. */
function backupHappenings(s: SimState, from: number): Happening<AwsEvent>[] {
  return [...s.backupJobs.values()]
    .filter((job) => (backupJobEndsAt(s, job) ?? Infinity) >= from)
    .flatMap((job) =>
      backupJobTransitions(s, job)
        .filter((e) => e.at >= from)
        .map((e) => {
          const key = `backup-job/${job.id}/${e.state}/${e.at}`;
          return { at: e.at, key, event: () => backupJobEvent(s, job, e.at, e.state, key) };
        }),
    );
}

function backupJobEvent(
  s: SimState,
  job: BackupJobRecord,
  at: number,
  state: string,
  key: string,
): BackupJobStateEvent {
  const envelope = {
    id: eventIdFor(key),
    at,
    detailType: 'Backup Job State Change',
    source: 'aws.backup',
  } as const;
  const creationDate = new Date(job.createdAt).toISOString();
  if (state === 'CREATED') {
    return awsEventEnvelope(s, {
      ...envelope,
      resources: [],
      detail: { backupJobId: job.id, state: 'CREATED' as const, creationDate },
    });
  }
  const completed = state === 'COMPLETED';
  // The guide's key order; sizes and bytes transferred are not simulated.
  return awsEventEnvelope(s, {
    ...envelope,
    resources: completed ? [job.recoveryPointArn] : [],
    detail: {
      backupJobId: job.id,
      backupVaultArn: backupVaultArn(s, job.vaultName),
      backupVaultName: job.vaultName,
      creationDate,
      iamRoleArn: job.iamRoleArn,
      resourceArn: job.resourceArn,
      resourceType: job.resourceType,
      state,
      ...(completed ? { completionDate: new Date(at).toISOString() } : {}),
      startBy: new Date(backupJobStartBy(job)).toISOString(),
      percentDone: completed ? 100 : 0,
    },
  });
}

/** Everything raised and planned from `from` on, in time order (causes before effects at a tie). */
function accountHappenings(s: SimState, from: number): Happening<AwsEvent>[] {
  return inTimeOrder(
    instanceHappenings(s, from),
    commandHappenings(s, from),
    clusterHappenings(s).filter((h) => h.at >= from),
    backupHappenings(s, from),
  );
}

/** The account's events after `cursor` and by now, with the cursor to read from next. */
export function awsEventsSince(
  s: SimState,
  cursor: EventCursor | undefined,
): { events: { at: number; event: AwsEvent }[]; cursor: EventCursor } {
  return happenedSince(accountHappenings(s, cursor?.at ?? -Infinity), cursor, s.now());
}

/** When the account's next event will happen, if one is planned. */
export function nextAwsEventAt(s: SimState): number | undefined {
  const now = s.now();
  return nextAfter(accountHappenings(s, now), now);
}
