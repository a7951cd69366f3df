import { Match } from 'aws-cdk-lib/assertions';
import {
  actionsOf,
  exampleConfig,
  flatten,
  logicalId,
  policyStatements,
  resourcesOf,
  synthApp,
  type SynthResult,
} from './synth-app';

let synth: SynthResult;
beforeAll(() => {
  synth = synthApp();
});

const auditGroup = () => logicalId(synth.main, 'AWS::Logs::LogGroup', 'AuditRecords');
const roleOf = (prefix: string) => logicalId(synth.main, 'AWS::IAM::Role', prefix);
const isAuditGroup = (resource: unknown) => flatten(resource) === `<${auditGroup()}.Arn>`;
const isOwnLog = (resource: unknown) => /^<\w+Logs[0-9A-F]{8}\.Arn>$/.test(flatten(resource));
/** Reading actions of CloudWatch Logs: anything that returns events or their data. */
const READS =
  /^logs:(FilterLogEvents|GetLogEvents|GetLogRecord|StartQuery|GetQueryResults|StartLiveTail|Unmask|\*|Get\*|Filter\*|Start\*)$/;

describe('the audit log group', () => {
  it('keeps records two years by default and outlives the stack', () => {
    synth.main.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 731 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(
      Object.keys(
        synth.main.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 731 } }),
      ),
    ).toEqual([auditGroup()]);
  });

  it('keeps them as long as the configuration says (audit.retentionDays)', () => {
    const config = exampleConfig();
    config.audit = { retentionDays: 3653 };
    const ten = synthApp(config);
    const id = logicalId(ten.main, 'AWS::Logs::LogGroup', 'AuditRecords');
    expect(ten.main.toJSON().Resources[id].Properties.RetentionInDays).toBe(3653);
    ten.main.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AUDIT_RETENTION_DAYS: '3653' }) },
    });
  });

  it('is read by the history responder only, and only with FilterLogEvents', () => {
    const reading = policyStatements(synth.main).filter(({ statement }) =>
      actionsOf(statement).some((a) => READS.test(a)),
    );
    expect(reading.map(({ role }) => role)).toEqual([roleOf('AuditHistoryRole')]);
    expect(actionsOf(reading[0].statement)).toEqual(['logs:FilterLogEvents']);
    expect(resourcesOf(reading[0].statement).every(isAuditGroup)).toBe(true);
  });

  it('is written by the bot, the starter, the notifier, the approval requester and the Aurora watch, who may only add to it', () => {
    const onGroup = policyStatements(synth.main).filter(({ statement }) =>
      resourcesOf(statement).some(isAuditGroup),
    );
    const writers = onGroup.filter(({ role }) => role !== roleOf('AuditHistoryRole'));
    expect(new Set(writers.map(({ role }) => role))).toEqual(
      new Set([
        roleOf('ChatOpsBotRole'),
        roleOf('ScheduledStarterRole'),
        roleOf('AuroraWatchHandlerRole'),
        roleOf('ProgressNotifierRole'),
        roleOf('ApprovalRequestApprovalRole'),
      ]),
    );
    for (const { statement } of writers) {
      expect(actionsOf(statement).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      // The function's own log group shares the statement: CDK merges the two.
      expect(resourcesOf(statement).every((r) => isAuditGroup(r) || isOwnLog(r))).toBe(true);
    }
  });

  it('is named to the history responder, which the bot may invoke and names in HISTORY_FUNCTION_ARN', () => {
    const fn = logicalId(synth.main, 'AWS::Lambda::Function', 'AuditHistoryFunction');
    const functions = synth.main.toJSON().Resources as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
    const env = (id: string) =>
      (functions[id].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(flatten(env(fn).AUDIT_LOG_GROUP)).toBe(`<${auditGroup()}>`);
    const bot = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    expect(flatten(env(bot).HISTORY_FUNCTION_ARN)).toBe(`<${fn}.Arn>`);
    const invoke = policyStatements(synth.main).filter(
      ({ role, statement }) =>
        role === roleOf('ChatOpsBotRole') && actionsOf(statement).includes('lambda:InvokeFunction'),
    );
    expect(invoke.flatMap(({ statement }) => resourcesOf(statement).map(flatten))).toContain(
      `<${fn}.Arn>`,
    );
    // Its answer is its own: a retried invocation would answer twice.
    synth.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      MaximumRetryAttempts: 0,
    });
  });
});
