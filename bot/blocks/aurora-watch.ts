import type { ApprovalPolicy } from '../../contract/run-trigger';
import { formatInZone } from '../../contract/zoned-time';
import { ACTION_IDS, BLOCK_IDS } from './action-ids';
import { mention } from './jobnet-words';
import { escapeMrkdwn } from './limits';
import { button, context, message, section, type BlockMessage } from './parts';

/**
 * The Aurora 7-day watch's messages: the warning a day before AWS starts a stopped cluster, and
 * the alert when it has. Pure: the watch decides, these say it.
 */

/** What the warning's buttons carry: ids and the stop they are about, nothing secret. */
export interface AuroraStopRef {
  readonly system: string;
  readonly clusterId: string;
  /** When the cluster stopped (RDS-EVENT-0150), an ISO instant: one warning per stop. */
  readonly stoppedAt: string;
}

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const CLUSTER = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

export function auroraStopRefValue(ref: AuroraStopRef): string {
  return JSON.stringify({ system: ref.system, clusterId: ref.clusterId, stoppedAt: ref.stoppedAt });
}

/** The stop a warning button names, or undefined for a value this bot did not write. */
export function parseAuroraStopRef(value: string | undefined): AuroraStopRef | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value ?? '') as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { system, clusterId, stoppedAt } = raw ?? {};
  if (typeof system !== 'string' || !NAME.test(system)) return undefined;
  if (typeof clusterId !== 'string' || !CLUSTER.test(clusterId)) return undefined;
  if (typeof stoppedAt !== 'string' || Number.isNaN(Date.parse(stoppedAt))) return undefined;
  return { system, clusterId, stoppedAt };
}

/** How the watch's re-stop is approved, in words. */
export function restopApprovalWords(policy: ApprovalPolicy, holdWindowMinutes?: number): string {
  switch (policy) {
    case 'required':
      return 'an approver must approve it in its thread';
    case 'unless-held':
      return `it goes ahead unless an approver holds it within ${holdWindowMinutes ?? 15} min`;
    case 'preapproved':
      return 'it goes ahead without asking';
  }
}

export interface WarningInput extends AuroraStopRef {
  /** When AWS will start it: 7 days after it stopped. */
  readonly restartAt: number;
  readonly timeZone: string;
  /** The system's policy when AWS has started it. */
  readonly policy: 'notify' | 'restop';
}

/**
 * "shop-db has been stopped since … and will be started by AWS on …", with [Stop it again after
 * the restart] (approvers) and [Start the whole system now] (requesters).
 */
export function auroraRestartWarning(input: WarningInput): BlockMessage {
  const db = escapeMrkdwn(input.clusterId);
  const since = formatInZone(new Date(input.stoppedAt), input.timeZone);
  const at = formatInZone(new Date(input.restartAt), input.timeZone);
  const line = `⏰ *${db}* has been stopped since ${since} and will be started by AWS on ${at} (a stopped Aurora cluster is started again after 7 days).`;
  const then =
    input.policy === 'restop'
      ? `When it is, the watch stops it again (only the DB cluster) for *${escapeMrkdwn(input.system)}*.`
      : `When it is, the channel is told; nothing stops it again unless someone asks for it here.`;
  const value = auroraStopRefValue(input);
  return message(`${input.clusterId} will be started by AWS on ${at}`, [
    section(`${line}\n${then}`),
    {
      type: 'actions',
      block_id: BLOCK_IDS.auroraWarningActions,
      elements: [
        button({
          text: 'Stop it again after the restart',
          actionId: ACTION_IDS.auroraRestop,
          value,
        }),
        button({
          text: 'Start the whole system now',
          actionId: ACTION_IDS.auroraStartSystem,
          value,
          confirm: {
            title: 'Start the whole system?',
            text: `This asks for a start of *${escapeMrkdwn(input.system)}* (the DB cluster, the web instances, then the page comes down); the approval is asked as usual.`,
            confirm: 'Ask for the start',
            deny: 'Cancel',
          },
        }),
      ],
    },
  ]);
}

/** The warning once someone asked for the re-stop: the buttons stay, the request is said. */
export function warningWithIntent(
  posted: BlockMessage['blocks'],
  by: string,
  at: number,
  timeZone: string,
): BlockMessage['blocks'] {
  const kept = posted.filter((b) => b.block_id !== BLOCK_IDS.auroraWarningIntent);
  return [
    ...kept,
    context(
      [
        `🔁 ${mention(by)} asked at ${formatInZone(new Date(at), timeZone)} to stop it again after the restart (only the DB cluster).`,
      ],
      BLOCK_IDS.auroraWarningIntent,
    ),
  ];
}

export interface AlertInput {
  readonly system: string;
  readonly clusterId: string;
  /** When it stopped, if RDS still lists the event (it keeps them 14 days, best effort). */
  readonly stoppedAt?: number;
  /** When AWS started it (RDS-EVENT-0153). */
  readonly startedAt: number;
  readonly timeZone: string;
  /** Set when a re-stop is being started: how it is approved, and who asked for it. */
  readonly restop?: {
    readonly policy: ApprovalPolicy;
    readonly holdWindowMinutes?: number;
    /** Asked for from the warning on a `notify` system. */
    readonly askedBy?: string;
  };
}

/** "⚠️ AWS started shop-db: it had been stopped for 7 days (since …). The web tier is still down…" */
export function auroraRestartAlert(input: AlertInput): BlockMessage {
  const db = escapeMrkdwn(input.clusterId);
  const system = escapeMrkdwn(input.system);
  const since =
    input.stoppedAt !== undefined
      ? ` (since ${formatInZone(new Date(input.stoppedAt), input.timeZone)})`
      : '';
  const head = `⚠️ AWS started *${db}*: it had been stopped for 7 days${since}. The web tier is still down, so the database now runs, and costs, for nothing.`;
  const restop = input.restop;
  const next = restop
    ? `🔁 Stopping it again (only the DB cluster)${restop.askedBy ? `, as ${mention(restop.askedBy)} asked` : ''}: ${restopApprovalWords(restop.policy, restop.holdWindowMinutes)}. The run follows in this channel.`
    : `Nothing stops it by itself: \`/webapp stop ${system}\` stops it again (the whole system, the DB cluster last), \`/webapp start ${system}\` brings everything up.`;
  return message(`⚠️ AWS started ${input.clusterId}: it had been stopped for 7 days`, [
    section(`${head}\n${next}`),
    context([`Started by AWS at ${formatInZone(new Date(input.startedAt), input.timeZone)}`]),
  ]);
}
