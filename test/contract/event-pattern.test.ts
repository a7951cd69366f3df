import { eventPatternProblems, readEventPattern } from '../../contract/event-pattern';

/** "path: message" of each problem, as the configuration names them. */
const problems = (pattern: unknown) =>
  eventPatternProblems(pattern).map((p) => `${p.path.join('.') || '(pattern)'}: ${p.message}`);

const ALARM = { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] };

describe('eventPatternProblems', () => {
  it('accepts the patterns of the EventBridge documentation', () => {
    const documented = [
      {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      },
      { time: [{ prefix: '2017-10-02' }] },
      { detail: { state: [{ prefix: { 'equals-ignore-case': 'STA' } }] } },
      { detail: { FileName: [{ suffix: '.png' }] } },
      { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } },
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      { detail: { x: [{ 'anything-but': 123 }] } },
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      {
        detail: {
          state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }],
        },
      },
      { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      },
      { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      { detail: { sourceIPAddress: [{ cidr: '2001:db8::/64' }] } },
      { detail: { state: [{ exists: true }] } },
      { detail: { 'c-count': [{ exists: false }] } },
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
      {
        detail: {
          $or: [
            { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
            { 'd-count': [{ numeric: ['<', 10] }] },
          ],
        },
      },
      { source: ['aws.ec2'], $or: [{ 'detail-type': ['a'] }, { resources: ['arn:x'] }] },
      { detail: { responseElements: [null], eventVersion: [''], enabled: [true] } },
    ];
    for (const pattern of documented) expect([pattern, problems(pattern)]).toEqual([pattern, []]);
  });

  it('accepts a pattern written as a JSON string, as the console shows it', () => {
    expect(problems(JSON.stringify({ source: ['my.pipeline'] }))).toEqual([]);
    expect(readEventPattern('{"source":["my.pipeline"]}')).toEqual({
      pattern: { source: ['my.pipeline'] },
    });
  });

  it('names what is not JSON or not an object', () => {
    expect(problems('{"source": ["a"],}')[0]).toMatch(/^\(pattern\): is not JSON: /);
    expect(problems('["a"]')).toEqual(['(pattern): must be a JSON object']);
    expect(problems(42)).toEqual(['(pattern): must be a JSON object']);
    expect(problems({})).toEqual(['(pattern): must name at least one field']);
  });

  it('names a top-level field that is not an envelope field', () => {
    expect(problems({ source: ['a'], alarmName: ['x'] })).toEqual([
      "alarmName: is not a field of an event's envelope (version, id, detail-type, source, account, time, region, resources, detail); put the event's own fields under detail",
    ]);
    expect(problems({ 'detail-type': ['a'], DetailType: ['b'] })[0]).toMatch(/^DetailType: /);
  });

  it('names a leaf that is not an array, and an empty array', () => {
    expect(problems({ source: 'aws.cloudwatch' })).toEqual(['source: must be an array']);
    expect(problems({ 'detail-type': { x: ['y'] } })).toEqual(['detail-type: must be an array']);
    expect(problems({ detail: { state: { value: 'ALARM' } } })).toEqual([
      'detail.state.value: must be an array',
    ]);
    expect(problems({ source: [] })).toEqual([
      'source: must not be empty (an empty array matches nothing)',
    ]);
    expect(problems({ detail: ['x'] })).toEqual(['detail: must be an object of detail fields']);
    expect(problems({ source: [['a']] })).toEqual(['source.0: must not be an array']);
  });

  it('names an unknown or malformed operator', () => {
    expect(problems({ source: [{ startsWith: 'aws.' }] })).toEqual([
      'source.0.startsWith: is not an operator (prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, cidr)',
    ]);
    expect(problems({ source: [{ prefix: 'a', suffix: 'b' }] })[0]).toMatch(
      /^source\.0: must hold exactly one operator/,
    );
    const bad: [unknown, RegExp][] = [
      [{ prefix: 3 }, /^source\.0\.prefix: must be a string/],
      [{ suffix: { 'equals-ignore-case': 1 } }, /^source\.0\.suffix: must be a string/],
      [{ 'equals-ignore-case': ['a'] }, /^source\.0\.equals-ignore-case: must be a string$/],
      [{ wildcard: 'a**b' }, /^source\.0\.wildcard: must not hold two \* in a row$/],
      [{ exists: 'yes' }, /^source\.0\.exists: must be true or false$/],
      [{ numeric: ['>', '5'] }, /^source\.0\.numeric: "5" is not a number$/],
      [{ numeric: ['>>', 5] }, /is not a comparison/],
      [{ numeric: ['>', 5, '>', 6] }, /one lower bound .* and one upper/],
      [{ numeric: ['>', 5, '<', 5] }, /the range is empty/],
      [{ numeric: ['>', 1, '<', 5, '=', 3] }, /must be \["=", n\]/],
      [{ cidr: '10.0.0.0/33' }, /^source\.0\.cidr: must be an IPv4 or IPv6 CIDR block/],
      [{ cidr: '10.0.0/8' }, /CIDR block/],
      [{ cidr: '2001:db8:::/64' }, /CIDR block/],
      [{ 'anything-but': [] }, /^source\.0\.anything-but: must not be an empty array$/],
      [{ 'anything-but': ['a', 1] }, /strings only or numbers only/],
      [{ 'anything-but': { numeric: ['>', 1] } }, /must be a value, a list of values/],
      [{ 'anything-but': { wildcard: 'a**' } }, /two \* in a row/],
    ];
    for (const [operator, message] of bad) {
      const found = problems({ source: [operator] });
      expect([operator, found.length, found[0]]).toEqual([
        operator,
        1,
        expect.stringMatching(message),
      ]);
    }
  });

  it('names a malformed $or, at the top and inside detail', () => {
    expect(problems({ $or: [{ source: ['a'] }] })).toEqual([
      '$or: must be an array of at least two patterns',
    ]);
    expect(problems({ detail: { $or: [{ a: ['x'] }, 'b'] } })).toEqual([
      'detail.$or.1: must be a pattern (an object)',
    ]);
    expect(problems({ $or: [{ source: ['a'] }, { nope: ['b'] }] })[0]).toMatch(
      /^\$or\.1\.nope: is not a field of an event's envelope/,
    );
  });

  it('names a detail field that a CloudWatch alarm or RDS cluster event does not have', () => {
    expect(problems({ ...ALARM, detail: { alarmName: ['shop-5xx'], State: ['ALARM'] } })).toEqual([
      'detail.State: is not a field of CloudWatch Alarm State Change events (alarmName, state, previousState, configuration, alarmTags, alarmTagsStatus)',
    ]);
    expect(
      problems({
        source: ['aws.rds'],
        'detail-type': ['RDS DB Cluster Event'],
        detail: { EventID: ['RDS-EVENT-0153'], eventId: ['x'] },
      }),
    ).toEqual([
      'detail.eventId: is not a field of RDS DB Cluster Event events (EventCategories, SourceType, SourceArn, Date, Message, SourceIdentifier, EventID, Tags)',
    ]);
    expect(
      problems({ ...ALARM, detail: { alarmName: ['a'], state: { value: ['ALARM'] } } }),
    ).toEqual([]);
  });

  it('leaves detail fields alone when the pattern may match events it does not know', () => {
    expect(problems({ 'detail-type': ['Deploy Failed'], detail: { anything: ['x'] } })).toEqual([]);
    expect(
      problems({
        'detail-type': ['CloudWatch Alarm State Change', 'Deploy Failed'],
        detail: { anything: ['x'] },
      }),
    ).toEqual([]);
    expect(problems({ source: ['aws.cloudwatch'], detail: { anything: ['x'] } })).toEqual([]);
  });

  it('reports every problem of a pattern, not just the first', () => {
    expect(problems({ source: 'a', region: [], foo: ['x'] })).toHaveLength(3);
  });
});
