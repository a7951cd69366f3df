import { benchRun } from '../../../scripts/bench/jobnet-run';

describe('a bench run on the local jobnets', () => {
  it('measures a start of 2 instances to its end, without the calls that seeded the system', async () => {
    // Act
    const row = await benchRun({ jobnet: 'start', instances: 2, concurrency: 2 });

    // Assess
    const { figures } = row;
    expect(row.status).toBe('SUCCEEDED');
    expect(figures.durationMs).toBeGreaterThan(0);
    expect(figures.transitions).toBeGreaterThan(0);
    expect(figures.historyEvents).toBeGreaterThan(figures.transitions);
    expect(figures.lambda.invocations).toBeGreaterThan(0);
    expect(figures.operatedCalls.total).toBeGreaterThan(0);
    expect(figures.detection.count).toBeGreaterThan(0);
    expect(figures.largestPayloadBytes).toBeGreaterThan(0);
    expect(row.cost.totalUsd).toBeGreaterThan(0);
    // The seed puts the maintenance page up with CreateRule; the start only takes it down.
    const elb = figures.byService.find((s) => s.service === 'elbv2');
    expect(elb?.byAction).not.toHaveProperty('CreateRule');
    expect(elb?.byAction).toHaveProperty('DeleteRule', 1);
  });
});
