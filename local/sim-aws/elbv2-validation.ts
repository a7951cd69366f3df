import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SimApiError } from './errors';
import { isRecord } from './input';
import type { SimState } from './state';

const CONDITION_FIELDS = new Set([
  'host-header',
  'path-pattern',
  'http-header',
  'http-request-method',
  'query-string',
  'source-ip',
]);
const CONTENT_TYPES = new Set([
  'text/plain',
  'text/css',
  'text/html',
  'application/javascript',
  'application/json',
]);
const MAX_MESSAGE_BODY = 1024;

function invalid(message: string): SimApiError {
  return new SimApiError('elbv2', 'ValidationError', message);
}

/** A rule needs at least one condition, each on a field ELBv2 knows. */
export function validateConditions(conditions: Record<string, unknown>[]): RuleCondition[] {
  if (conditions.length === 0) throw invalid('A rule must have at least one condition');
  for (const c of conditions) {
    if (typeof c.Field !== 'string' || !CONDITION_FIELDS.has(c.Field)) {
      throw invalid(`Condition field '${String(c.Field)}' is not valid`);
    }
  }
  // Checked as far as the simulation cares; the rest is stored and echoed back as given.
  return conditions as RuleCondition[];
}

/**
 * The simulation supports one terminal action per rule, `forward` or `fixed-response`,
 * with ELBv2's limits on the fixed response (the 1,024-character body bites maintenance
 * pages) and forward targets that must exist.
 */
export function validateActions(s: SimState, actions: Record<string, unknown>[]): Action[] {
  if (actions.length !== 1) {
    throw invalid('A rule must have exactly one action of type forward or fixed-response');
  }
  const [action] = actions;
  if (action.Type === 'fixed-response') {
    validateFixedResponse(action.FixedResponseConfig);
  } else if (action.Type === 'forward') {
    validateForward(s, action);
  } else {
    throw invalid(`sim-aws does not simulate action type '${String(action.Type)}'`);
  }
  return actions as unknown as Action[];
}

function validateFixedResponse(config: unknown): void {
  if (!isRecord(config)) throw invalid('A fixed-response action needs a FixedResponseConfig');
  if (typeof config.StatusCode !== 'string' || !/^(2|4|5)\d\d$/.test(config.StatusCode)) {
    throw invalid('FixedResponseConfig.StatusCode must be a 2XX, 4XX or 5XX code as a string');
  }
  if (config.ContentType !== undefined && !CONTENT_TYPES.has(String(config.ContentType))) {
    throw invalid(`FixedResponseConfig.ContentType '${String(config.ContentType)}' is not valid`);
  }
  const body = config.MessageBody;
  if (body !== undefined && (typeof body !== 'string' || body.length > MAX_MESSAGE_BODY)) {
    throw invalid(`FixedResponseConfig.MessageBody must be at most ${MAX_MESSAGE_BODY} characters`);
  }
}

function validateForward(s: SimState, action: Record<string, unknown>): void {
  const forward = action.ForwardConfig;
  const groups =
    isRecord(forward) && Array.isArray(forward.TargetGroups) ? forward.TargetGroups : [];
  const arns = [
    ...(typeof action.TargetGroupArn === 'string' ? [action.TargetGroupArn] : []),
    ...groups.map((g: unknown) => (isRecord(g) ? String(g.TargetGroupArn) : '')),
  ];
  if (arns.length === 0) throw invalid('A forward action needs a target group');
  const missing = arns.find((arn) => !s.targetGroups.has(arn));
  if (missing !== undefined) {
    throw new SimApiError('elbv2', 'TargetGroupNotFound', `Target groups '${missing}' not found`);
  }
}
