import type { SystemConfig } from '../../config/schema';
import type { BlockMessage } from '../blocks/parts';
import { schedulesMessage } from '../blocks/schedules';
import type { BotServices } from '../services/bot-services';
import { systemSchedules } from '../services/upcoming';

/**
 * The `/webapp schedules` message for these systems, read from the store now: what the command
 * answers and what every press of its buttons renders in its place. One query per system, side
 * by side, within the request's budget.
 */
export async function schedulesList(
  systems: readonly SystemConfig[],
  all: boolean,
  services: BotServices,
  notice?: string,
): Promise<BlockMessage> {
  const states = await Promise.all(
    systems.map((system) =>
      services.budget.call('DynamoDB', () => services.scheduleState.ofSystem(system.name)),
    ),
  );
  const now = services.now();
  return schedulesMessage({
    systems: systems.map((system, i) => systemSchedules(system, states[i], now)),
    all,
    ...(notice ? { notice } : {}),
  });
}
