import type { AslDefinition } from '../../statemachines/asl-types';
import { describeCondition, toMermaid } from '../../statemachines/diagram';

const lambdaRetry = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  MaxAttempts: 3,
};

/** Exercises every state type; "Plan" is deliberately reused inside the Map and branches. */
const fixture: AslDefinition = {
  StartAt: 'Plan',
  States: {
    Plan: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${PlanFunctionArn}', 'Payload.$': '$' },
      Retry: [lambdaRetry],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      Next: 'DbAvailable?',
    },
    'DbAvailable?': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.plan.db.status', StringEquals: 'available', Next: 'Backup' },
        { Variable: '$.plan.db', IsPresent: false, Next: 'Approve' },
      ],
      Default: 'Approve',
    },
    Backup: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:backup:startBackupJob',
      Parameters: { BackupVaultName: '${BackupVaultName}' },
      // No MaxAttempts means the ASL default of 3; MaxAttempts 0 means no retry at all.
      Retry: [
        { ErrorEquals: ['Backup.LimitExceededException'] },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 0 },
      ],
      Next: 'Approve',
    },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${RequestApprovalFunctionArn}' },
      Catch: [{ ErrorEquals: ['Rejected', 'States.Timeout'], Next: 'Failed' }],
      Next: 'RunScripts',
    },
    RunScripts: {
      Type: 'Map',
      ItemsPath: '$.plan.instances',
      ItemProcessor: {
        StartAt: 'Plan',
        States: {
          Plan: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: '${RunScriptFunctionArn}' },
            Next: 'Settle',
          },
          Settle: { Type: 'Wait', Seconds: 30, End: true },
        },
      },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Plan', States: { Plan: { Type: 'Pass', End: true } } },
        { StartAt: 'Plan', States: { Plan: { Type: 'Succeed' } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'Maintenance.Failed', Cause: 'see logs' },
  },
};

/** Ids of everything declared: nodes (`id[`, `id{`, `id(`) and subgraphs. */
function declaredIds(mermaid: string): string[] {
  return [...mermaid.matchAll(/^\s*(?:subgraph )?(\w+)\s*[[({]/gm)].map((m) => m[1]);
}

/** The first node declaration whose label starts with `text`. */
function nodeLine(mermaid: string, text: string): string {
  const line = mermaid.split('\n').find((l) => l.includes(`"${text}`));
  if (!line) throw new Error(`no node labelled ${text}`);
  return line.trim();
}

describe('toMermaid', () => {
  const out = toMermaid(fixture);

  it('is a flowchart with a start node pointing at StartAt', () => {
    expect(out.startsWith('flowchart TD\n')).toBe(true);
    expect(out).toContain('s_start --> s__Plan\n');
  });

  it('renders every state by name, nested ones included', () => {
    for (const name of ['Plan', 'DbAvailable?', 'Backup', 'Approve', 'Settle', 'Done', 'Failed']) {
      expect(out).toContain(`"${name}`);
    }
    expect(out).toMatch(/subgraph s__RunScripts \["RunScripts \(Map over \$\.plan\.instances\)"\]/);
    expect(out).toMatch(/subgraph s__Both \["Both \(Parallel\)"\]/);
  });

  it('hints what each Task calls, approvals and retries', () => {
    expect(nodeLine(out, 'Plan')).toBe(
      's__Plan["Plan<br/>Plan fn<br/>retries: Lambda.ServiceException (+2) ×3"]',
    );
    expect(nodeLine(out, 'Backup')).toBe(
      's__Backup["Backup<br/>backup:startBackupJob<br/>retries: Backup.LimitExceededException ×3"]',
    );
    expect(nodeLine(out, 'Approve')).toBe(
      's__Approve["Approve<br/>RequestApproval fn<br/>waits for approval"]',
    );
    expect(out).toContain('s__RunScripts__Plan["Plan<br/>RunScript fn"]');
  });

  it('labels Choice branches with short conditions and the Default', () => {
    expect(out).toContain('s__DbAvailable_{"DbAvailable?"}');
    expect(out).toContain('s__DbAvailable_ -->|"$.plan.db.status == #34;available#34;"| s__Backup');
    expect(out).toContain('s__DbAvailable_ -->|"$.plan.db is missing"| s__Approve');
    expect(out).toContain('s__DbAvailable_ -->|"Default"| s__Approve');
  });

  it('draws Catch edges dashed and labelled with the errors, from subgraphs too', () => {
    expect(out).toContain('s__Plan -.->|"States.ALL"| s__Failed');
    expect(out).toContain('s__Approve -.->|"Rejected, States.Timeout"| s__Failed');
    const catching = toMermaid({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Iterator: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Fail', Error: 'Oops' },
      },
    });
    expect(catching).toContain('s__M -.->|"States.ALL"| s__F');
    expect(catching).toContain('s__M --> s_end');
    expect(catching).toContain('s__M__X --> s__M_end');
  });

  it('gives repeated nested names unique ids and every edge a declared endpoint', () => {
    const ids = declaredIds(out);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.endsWith('__Plan'))).toEqual([
      's__Plan',
      's__RunScripts__Plan',
      's__Both__branch1__Plan',
      's__Both__branch2__Plan',
    ]);
    const clash = toMermaid({
      StartAt: 'a b',
      States: { 'a b': { Type: 'Pass', Next: 'a-b' }, 'a-b': { Type: 'Pass', End: true } },
    });
    expect(clash).toContain('s__a_b --> s__a_b_2');
    for (const [, from, to] of out.matchAll(/^\s*(\w+) -\.?->(?:\|"[^"]*"\|)? (\w+)$/gm)) {
      expect(ids).toContain(from);
      expect(ids).toContain(to);
    }
  });

  it('draws Succeed and Fail as terminal shapes, Fail with its Error', () => {
    expect(out).toContain('s__Done(["Done<br/>Succeed"]):::succeed');
    expect(out).toContain('s__Failed(["Failed<br/>Fail: Maintenance.Failed"]):::fail');
    expect(out).toContain('s__RunScripts__Settle --> s__RunScripts_end');
  });

  it('is deterministic', () => {
    expect(toMermaid(structuredClone(fixture))).toBe(out);
  });

  it('escapes label characters that would break Mermaid', () => {
    const tricky = toMermaid({
      StartAt: 'Say "hi" [now] {x} | <b>',
      States: { 'Say "hi" [now] {x} | <b>': { Type: 'Pass', End: true } },
    });
    expect(tricky).toContain('["Say #34;hi#34; #91;now#93; #123;x#125; #124; #60;b#62;<br/>Pass"]');
  });

  it('adds a front-matter title when asked', () => {
    expect(toMermaid(fixture, { title: 'stop "webapp"' })).toMatch(
      /^---\ntitle: "stop \\"webapp\\""\n---\nflowchart TD\n/,
    );
  });

  it('rejects transitions to states outside the scope', () => {
    const broken: AslDefinition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nope' } } };
    expect(() => toMermaid(broken)).toThrow('unknown state "Nope"');
  });
});

describe('describeCondition', () => {
  it('shortens nested And/Or/Not, path comparisons and type tests', () => {
    expect(
      describeCondition({
        Or: [
          {
            And: [
              { Variable: '$.n', NumericGreaterThanEquals: 2 },
              { Variable: '$.n', NumericLessThanPath: '$.max' },
            ],
          },
          { Not: { Variable: '$.flag', BooleanEquals: true } },
          { Variable: '$.name', StringMatches: 'web-*' },
          { Variable: '$.x', IsNull: false },
          { Variable: '$.y', IsPresent: true },
          { Variable: '$.t', IsTimestamp: true },
        ],
      }),
    ).toBe(
      '($.n >= 2 && $.n < $.max) || !($.flag == true) || $.name matches "web-*" || $.x != null || $.y exists || $.t is timestamp',
    );
  });

  it('unwraps JSONata conditions', () => {
    expect(describeCondition({ Condition: '{% $states.input.ok %}' })).toBe('$states.input.ok');
  });
});
