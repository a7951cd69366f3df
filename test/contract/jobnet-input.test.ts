import { describeInputProblems, jobnetInputSchema } from '../../contract/jobnet-input';

const valid = {
  runId: 'stop-shop-1',
  system: 'shop',
  instances: { ids: ['i-0123456789abcdef0'] },
  dbClusterId: 'shop-db',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/2',
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/1',
  maintenancePage: { priority: 1, body: '<h1>Maintenance</h1>' },
  scripts: {
    stop: 'systemctl stop httpd',
    start: 'systemctl start httpd',
    check: 'systemctl is-active httpd',
  },
};

function problems(input: unknown): string[] {
  const result = jobnetInputSchema.safeParse(input);
  return result.success ? [] : describeInputProblems(result.error);
}

describe('jobnet input', () => {
  it('fills in defaults for concurrency, backups and every timeout', () => {
    const run = jobnetInputSchema.parse(valid);
    expect(run.concurrency).toBe(5);
    expect(run.backup.deleteAfterDays).toBe(3);
    expect(run.timeouts.targetsHealthySeconds).toBe(600);
    expect(run.maintenancePage.contentType).toBe('text/html');
  });

  it('names each missing field', () => {
    const { dbClusterId: _db, scripts: _scripts, ...rest } = valid;
    expect(problems(rest)).toEqual(['dbClusterId: is required', 'scripts: is required']);
  });

  it('refuses an input that names no instances', () => {
    expect(problems({ ...valid, instances: { ids: [] } })).toEqual([
      'instances.ids: must name at least one instance',
    ]);
    expect(problems({ ...valid, instances: {} })).toEqual([
      'instances: give exactly one of `ids` or `tags`',
    ]);
  });

  it('takes waits of hours, and refuses one longer than a day', () => {
    expect(problems({ ...valid, timeouts: { dbStartSeconds: 7200 } })).toEqual([]);
    expect(problems({ ...valid, timeouts: { dbStartSeconds: 86_401 } })[0]).toMatch(
      /^timeouts\.dbStartSeconds: /,
    );
  });

  it('refuses a maintenance page longer than an ALB fixed response holds', () => {
    expect(
      problems({ ...valid, maintenancePage: { priority: 1, body: 'x'.repeat(1025) } })[0],
    ).toMatch(/^maintenancePage\.body: /);
  });
});
