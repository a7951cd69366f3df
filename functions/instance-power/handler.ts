import { EC2Client } from '@aws-sdk/client-ec2';
import { systemClock } from '../../contract/clock';
import {
  setInstancePower,
  type InstancePowerDeps,
  type InstancePowerEvent,
} from './instance-power';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: InstancePowerDeps) => (event: InstancePowerEvent) =>
  setInstancePower(event, deps);

export const handler = makeHandler({ ec2: new EC2Client({}), clock: systemClock });
