import { sightingOf } from '../../../functions/waits/event-sighting';
import {
  backupJobEvent,
  clusterEvent,
  commandStatusEvent,
  instanceStateEvent,
} from '../../helpers/wait-fixtures';

const at = Date.parse('2026-12-02T22:01:05Z');

describe('reading an AWS event into the wait it concerns', () => {
  it('keys an instance reaching stopped or running by instance and state', () => {
    expect(sightingOf(instanceStateEvent('i-0abc', 'stopped', at))).toEqual({
      kind: 'instance',
      key: 'wait#instance#i-0abc#stopped',
      instanceId: 'i-0abc',
      state: 'stopped',
      at,
    });
    expect(sightingOf(instanceStateEvent('i-0abc', 'stopping', at))).toBeUndefined();
  });

  it('keys a finished command by command and instance', () => {
    expect(sightingOf(commandStatusEvent('c-1', 'i-0abc', 'TimedOut', at))).toEqual({
      kind: 'command',
      key: 'wait#command#c-1#i-0abc',
      commandId: 'c-1',
      instanceId: 'i-0abc',
      status: 'TimedOut',
      at,
    });
    expect(sightingOf(commandStatusEvent('c-1', 'i-0abc', 'InProgress', at))).toBeUndefined();
  });

  it('reads RDS-EVENT-0150 as stopped and RDS-EVENT-0151 as available', () => {
    expect(sightingOf(clusterEvent('shop-db', 'RDS-EVENT-0150', at))).toMatchObject({
      key: 'wait#cluster#shop-db#stopped',
      status: 'stopped',
    });
    expect(sightingOf(clusterEvent('shop-db', 'RDS-EVENT-0151', at))).toMatchObject({
      key: 'wait#cluster#shop-db#available',
      status: 'available',
    });
  });

  it('reads a completed Aurora backup as its cluster available again, and nothing else', () => {
    expect(sightingOf(backupJobEvent('shop-db', 'COMPLETED', at))).toEqual({
      kind: 'cluster',
      key: 'wait#cluster#shop-db#available',
      clusterId: 'shop-db',
      status: 'available',
      at,
    });
    expect(sightingOf(backupJobEvent('shop-db', 'FAILED', at))).toBeUndefined();
    const volume = backupJobEvent('shop-db', 'COMPLETED', at);
    const ebs = {
      ...volume,
      detail: {
        ...volume.detail,
        resourceType: 'EBS',
        resourceArn: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc',
      },
    };
    expect(sightingOf(ebs)).toBeUndefined();
  });
});
