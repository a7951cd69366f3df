import { gunzipSync } from 'node:zlib';

/** A CloudWatch Logs subscription delivery: gzip'd JSON, base64-encoded. */
export interface LogsSubscriptionEvent {
  readonly awslogs: { readonly data: string };
}

/** EventBridge "Step Functions Execution Status Change". */
export interface StatusChangeEvent {
  readonly 'detail-type': string;
  readonly detail: { readonly executionArn: string; readonly status: string };
}

export type NotifierEvent = LogsSubscriptionEvent | StatusChangeEvent;

/** The executions an event is about, each once, in the order first seen. */
export function executionsIn(event: NotifierEvent): string[] {
  if ('awslogs' in event) {
    const payload = JSON.parse(
      gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'),
    ) as {
      logEvents?: { message: string }[];
    };
    const arns = (payload.logEvents ?? []).map((e) => {
      try {
        return (JSON.parse(e.message) as { execution_arn?: string }).execution_arn;
      } catch {
        return undefined;
      }
    });
    return [...new Set(arns.filter((arn): arn is string => Boolean(arn)))];
  }
  return event.detail?.executionArn ? [event.detail.executionArn] : [];
}
