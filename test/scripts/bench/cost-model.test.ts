import {
  gbSeconds,
  NO_USAGE,
  priceList,
  runCost,
  usageOf,
  type RunUsage,
} from '../../../scripts/bench/cost-model';
import { jobnetFigures, type RunRecords } from '../../../scripts/bench/jobnet-figures';

const costOf = (usage: Partial<RunUsage>) => runCost({ ...NO_USAGE, ...usage });
const line = (usage: Partial<RunUsage>, item: string) =>
  costOf(usage).lines.find((l) => l.item === item)?.usd;

describe('runCost at us-east-1 list prices', () => {
  it('prices state transitions at $0.025 per 1,000', () => {
    expect(costOf({ transitions: 1_000 }).totalUsd).toBeCloseTo(0.025, 10);
  });

  it('prices Lambda at $0.20 per 1M requests and $0.0000133334 per arm64 GB-second', () => {
    expect(line({ lambdaRequests: 1_000_000 }, 'Lambda requests')).toBeCloseTo(0.2, 10);
    expect(line({ lambdaGbSeconds: 1_000_000 }, 'Lambda GB-seconds')).toBeCloseTo(13.3334, 6);
  });

  it('prices DynamoDB on-demand reads and writes apart, one unit per request', () => {
    expect(line({ dynamoDbReadUnits: 1_000_000 }, 'DynamoDB reads')).toBeCloseTo(0.125, 10);
    expect(line({ dynamoDbWriteUnits: 1_000_000 }, 'DynamoDB writes')).toBeCloseTo(0.625, 10);
  });

  it('prices SQS requests and log ingestion; service events and operated calls are free', () => {
    expect(line({ sqsRequests: 1_000_000 }, 'SQS requests')).toBeCloseTo(0.4, 10);
    expect(line({ logBytes: 2 ** 30 }, 'CloudWatch Logs')).toBeCloseTo(0.5, 10);
    expect(costOf({ eventBridgeServiceEvents: 1e6, operatedApiCalls: 1e6 }).totalUsd).toBe(0);
  });

  it('costs nothing for nothing used', () => {
    expect(runCost(NO_USAGE).totalUsd).toBe(0);
  });

  it('adds the lines up', () => {
    const cost = costOf({ transitions: 100, lambdaRequests: 10, sqsRequests: 5 });
    expect(cost.totalUsd).toBeCloseTo(100 * 0.000025 + 10 * 0.0000002 + 5 * 0.0000004, 12);
  });
});

describe('gbSeconds and usageOf', () => {
  it('counts a GB of Lambda memory as 1,024 MB', () => {
    expect(gbSeconds(2_000, 256)).toBe(0.5);
  });

  it('takes a run’s usage from its figures, each function at its memory size', () => {
    // Prepare
    const records: RunRecords = {
      startedAt: 0,
      stoppedAt: 1,
      executionArn: 'arn',
      calls: [{ at: 0, service: 'ec2', action: 'StopInstances' }],
      invocations: [
        { functionArn: 'arn:aws:lambda:r:a:function:small', startedAt: 0, endedAt: 1_000 },
        { functionArn: 'arn:aws:lambda:r:a:function:big', startedAt: 0, endedAt: 1_000 },
      ],
      stateEvents: [{ type: 'StateEntered' }],
      history: [],
      dynamoDb: { reads: 2, writes: 3 },
      eventBridgeEvents: 4,
      sqsRequests: 5,
      detections: [],
    };

    // Act
    const usage = usageOf(jobnetFigures(records), (name) => (name === 'big' ? 1024 : 256));

    // Assess
    expect(usage).toEqual({
      transitions: 1,
      lambdaRequests: 2,
      lambdaGbSeconds: 1 + 0.25,
      dynamoDbReadUnits: 2,
      dynamoDbWriteUnits: 3,
      sqsRequests: 5,
      eventBridgeServiceEvents: 4,
      logBytes: 0,
      operatedApiCalls: 1,
    });
    expect(usageOf(jobnetFigures(records)).lambdaGbSeconds).toBe(0.5);
  });
});

describe('priceList', () => {
  it('states the prices the cost uses, from the same constants', () => {
    const text = priceList().join('\n');
    for (const price of ['$0.025 per 1,000', '$0.2 per 1M requests', '$0.0000133334', '256 MB']) {
      expect(text).toContain(price);
    }
    expect(text).toContain('$0.625 per 1M write units');
    expect(text).toContain('$0.4 per 1M requests');
  });
});
