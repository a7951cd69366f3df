import { describeEvent, eventConsoleUrl, type EventFacts } from '../../../bot/blocks/event-words';

const ALARM: EventFacts = {
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  time: '2026-12-02T13:01:00Z',
  region: 'ap-northeast-1',
  resources: ['arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:shop 5xx/high'],
  detail: { alarmName: 'shop 5xx/high', state: { value: 'ALARM' }, previousState: { value: 'OK' } },
};

const RDS: EventFacts = {
  id: 'e1',
  'detail-type': 'RDS DB Cluster Event',
  source: 'aws.rds',
  time: '2026-12-02T13:01:00Z',
  resources: ['arn:aws-cn:rds:cn-north-1:123456789012:cluster:shop-db'],
  detail: {
    SourceIdentifier: 'shop-db',
    SourceArn: 'arn:aws-cn:rds:cn-north-1:123456789012:cluster:shop-db',
    EventID: 'RDS-EVENT-0153',
    Message:
      'DB cluster is being started due to it exceeding the maximum allowed time being stopped.',
  },
};

const CUSTOM: EventFacts = {
  id: 'e2',
  'detail-type': 'Deploy Failed',
  source: 'shop.deploy',
  time: '2026-12-02T13:01:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { build: 7 },
};

describe('describeEvent', () => {
  it('says what happened and when, in the system’s zone', () => {
    expect(describeEvent(ALARM, 'Asia/Tokyo')).toBe(
      'CloudWatch alarm shop 5xx/high went to ALARM at 22:01 JST',
    );
    expect(describeEvent(RDS, 'UTC')).toBe(
      'DB cluster shop-db, RDS-EVENT-0153 at 13:01 UTC: DB cluster is being started due to it exceeding the maximum allowed time being stopped',
    );
    expect(describeEvent(CUSTOM, 'Europe/Berlin')).toBe(
      'Deploy Failed from shop.deploy at 14:01 CET',
    );
  });

  it('copes with an event that leaves its fields out, and stays within 300 characters', () => {
    expect(describeEvent({ ...ALARM, detail: {} }, 'UTC')).toBe(
      'CloudWatch alarm an alarm went to a new state at 13:01 UTC',
    );
    expect(describeEvent({ ...RDS, detail: {} }, 'UTC')).toBe(
      'DB cluster a DB cluster at 13:01 UTC',
    );
    const long = describeEvent({ ...CUSTOM, 'detail-type': 'x'.repeat(400) }, 'UTC');
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('eventConsoleUrl', () => {
  it('a CloudWatch alarm: its page, the name encoded', () => {
    expect(eventConsoleUrl(ALARM, 'rule')).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarmsV2:alarm/shop%205xx%2Fhigh',
    );
  });

  it('an RDS cluster: its page, in the event’s partition and region', () => {
    expect(eventConsoleUrl(RDS)).toBe(
      'https://cn-north-1.console.amazonaws.cn/rds/home?region=cn-north-1#database:id=shop-db;is-cluster=true',
    );
  });

  it('anything else: the rule that matched it, or nothing without one', () => {
    expect(eventConsoleUrl(CUSTOM, 'WebappChatops-shop-deploy-failed')).toBe(
      'https://us-east-1.console.aws.amazon.com/events/home?region=us-east-1#/eventbus/default/rules/WebappChatops-shop-deploy-failed',
    );
    expect(eventConsoleUrl(CUSTOM)).toBeUndefined();
  });

  it('nothing when the event does not say where it happened', () => {
    expect(eventConsoleUrl({ ...CUSTOM, region: undefined }, 'rule')).toBeUndefined();
    expect(eventConsoleUrl({ ...ALARM, region: undefined, resources: [] })).toBeUndefined();
  });
});
