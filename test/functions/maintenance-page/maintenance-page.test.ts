import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  handleMaintenancePage,
  type MaintenancePageEvent,
} from '../../../functions/maintenance-page/maintenance-page';
import { steppingClock } from '../../helpers/stepping-clock';

const elbv2Mock = mockClient(ElasticLoadBalancingV2Client);
const elbv2 = new ElasticLoadBalancingV2Client({ region: 'us-east-1' });
const listenerArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/2';
const event = (action: 'put' | 'remove'): MaintenancePageEvent => ({
  step: action === 'put' ? 'PutMaintenancePage' : 'RemoveMaintenancePage',
  action,
  listenerArn,
  priority: 1,
  body: '<h1>Maintenance</h1>',
  contentType: 'text/html',
});
const defaultRule: Rule = {
  RuleArn: 'arn:rule/default',
  Priority: 'default',
  IsDefault: true,
  Actions: [{ Type: 'forward' }],
};
const pageRule: Rule = {
  RuleArn: 'arn:rule/page',
  Priority: '1',
  IsDefault: false,
  Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
};
const awsError = (name: string) =>
  new ElasticLoadBalancingV2ServiceException({
    name,
    $fault: 'client',
    $metadata: {},
    message: name,
  });

beforeEach(() => elbv2Mock.reset());

describe('maintenance page', () => {
  it('creates a match-all 503 rule at the priority when none is there', async () => {
    elbv2Mock.on(DescribeRulesCommand).resolves({ Rules: [defaultRule] });
    elbv2Mock.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: 'arn:rule/new' }] });

    const result = await handleMaintenancePage(event('put'), { elbv2, clock: steppingClock() });

    expect(result).toEqual({ step: 'PutMaintenancePage', ruleArn: 'arn:rule/new', changed: true });
    expect(elbv2Mock).toHaveReceivedCommandWith(CreateRuleCommand, {
      ListenerArn: listenerArn,
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: {
            StatusCode: '503',
            ContentType: 'text/html',
            MessageBody: '<h1>Maintenance</h1>',
          },
        },
      ],
    });
  });

  it('does nothing when the page is already up', async () => {
    elbv2Mock.on(DescribeRulesCommand).resolves({ Rules: [defaultRule, pageRule] });
    await expect(
      handleMaintenancePage(event('put'), { elbv2, clock: steppingClock() }),
    ).resolves.toMatchObject({
      changed: false,
    });
    expect(elbv2Mock).not.toHaveReceivedCommand(CreateRuleCommand);
  });

  it('finds its page on a later page of the listener rules', async () => {
    elbv2Mock
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [defaultRule], NextMarker: 'page-2' })
      .resolvesOnce({ Rules: [pageRule] });

    await expect(
      handleMaintenancePage(event('put'), { elbv2, clock: steppingClock() }),
    ).resolves.toMatchObject({
      ruleArn: 'arn:rule/page',
      changed: false,
    });
    expect(elbv2Mock).toHaveReceivedCommandTimes(DescribeRulesCommand, 2);
    expect(elbv2Mock).toHaveReceivedNthSpecificCommandWith(2, DescribeRulesCommand, {
      ListenerArn: listenerArn,
      Marker: 'page-2',
    });
    expect(elbv2Mock).not.toHaveReceivedCommand(CreateRuleCommand);
  });

  it('accepts a page another run put up between its look and its create', async () => {
    elbv2Mock
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [defaultRule] })
      .resolves({ Rules: [defaultRule, pageRule] });
    elbv2Mock.on(CreateRuleCommand).rejects(awsError('PriorityInUse'));
    await expect(
      handleMaintenancePage(event('put'), { elbv2, clock: steppingClock() }),
    ).resolves.toMatchObject({
      ruleArn: 'arn:rule/page',
      changed: false,
    });
  });

  it('never touches another kind of rule at that priority', async () => {
    const forward: Rule = {
      RuleArn: 'arn:rule/app',
      Priority: '1',
      IsDefault: false,
      Actions: [{ Type: 'forward' }],
    };
    elbv2Mock.on(DescribeRulesCommand).resolves({ Rules: [defaultRule, forward] });
    for (const action of ['put', 'remove'] as const) {
      await expect(
        handleMaintenancePage(event(action), { elbv2, clock: steppingClock() }),
      ).rejects.toMatchObject({
        name: 'Jobnet.RuleConflict',
        message: expect.stringContaining('arn:rule/app'),
      });
    }
    expect(elbv2Mock).not.toHaveReceivedCommand(CreateRuleCommand);
    expect(elbv2Mock).not.toHaveReceivedCommand(DeleteRuleCommand);
  });

  it('removes the page, and treats a page already gone as done', async () => {
    elbv2Mock.on(DescribeRulesCommand).resolves({ Rules: [defaultRule, pageRule] });
    elbv2Mock.on(DeleteRuleCommand).rejects(awsError('RuleNotFound'));
    await expect(
      handleMaintenancePage(event('remove'), { elbv2, clock: steppingClock() }),
    ).resolves.toEqual({
      step: 'RemoveMaintenancePage',
      changed: false,
    });
  });

  it('names the step and listener when the API fails, keeping the error name', async () => {
    elbv2Mock.on(DescribeRulesCommand).rejects(awsError('ListenerNotFound'));
    await expect(
      handleMaintenancePage(event('put'), { elbv2, clock: steppingClock() }),
    ).rejects.toMatchObject({
      name: 'ListenerNotFound',
      message: `PutMaintenancePage on ${listenerArn}: ListenerNotFound: ListenerNotFound`,
    });
  });

  it.each([
    ['Throttling', 400],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
  ])('rides out %s on every call and still puts the page up once', async (name, status) => {
    const transient = new ElasticLoadBalancingV2ServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: name,
    });
    elbv2Mock
      .on(DescribeRulesCommand)
      .rejectsOnce(transient)
      .rejectsOnce(transient)
      .resolves({ Rules: [defaultRule] });
    elbv2Mock
      .on(CreateRuleCommand)
      .rejectsOnce(transient)
      .resolves({ Rules: [{ RuleArn: 'arn:rule/new' }] });
    const clock = steppingClock();
    await expect(handleMaintenancePage(event('put'), { elbv2, clock })).resolves.toMatchObject({
      changed: true,
    });
    expect(elbv2Mock).toHaveReceivedCommandTimes(CreateRuleCommand, 2);
    expect(clock.sleeps).toHaveLength(3);
  });

  it('gives up as Jobnet.AwsUnavailable when throttling outlasts its tries, naming the step', async () => {
    elbv2Mock.on(DescribeRulesCommand).rejects(awsError('Throttling'));
    await expect(
      handleMaintenancePage(event('remove'), { elbv2, clock: steppingClock() }),
    ).rejects.toMatchObject({
      name: 'Jobnet.AwsUnavailable',
      message: expect.stringMatching(
        new RegExp(
          `^RemoveMaintenancePage on ${listenerArn}: Throttling: Throttling \\(still failing after 7 tries`,
        ),
      ),
    });
  });
});
