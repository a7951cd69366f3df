import { runShellScript, type ShellHost } from '../../../local/sim-aws/shell';
import type { ApacheState, CommandFault } from '../../../local/sim-aws/state';
import { DEFAULT_SIM_TIMINGS } from '../../../local/sim-aws/types';

/** A host whose Apache changes are recorded rather than applied to a timeline. */
function host(apache: ApacheState, faults: CommandFault[] = []) {
  const changes: { at: number; state: ApacheState }[] = [];
  const h: ShellHost = {
    apacheAt: (t) => [...changes].reverse().find((c) => c.at <= t)?.state ?? apache,
    setApache: (at, state) => changes.push({ at, state }),
    faultFor: (line) => faults.find((f) => f.match === undefined || f.match.test(line)),
  };
  return { h, changes };
}

function run(commands: string[], apache: ApacheState = 'running', deadline = Infinity) {
  const { h, changes } = host(apache);
  return { ...runShellScript(commands, 0, deadline, h, DEFAULT_SIM_TIMINGS), changes };
}

describe('shell model', () => {
  it('stops Apache apacheStopMs into the line; stopping it again is quick and still exit 0', () => {
    // Act
    const first = run(['systemctl stop httpd']);
    const again = run(['sudo systemctl stop apache2.service'], 'stopped');

    // Assess
    expect(first).toMatchObject({ exitCode: 0, endAt: 3000 });
    expect(first.changes).toEqual([{ at: 3000, state: 'stopped' }]);
    expect(again).toMatchObject({ exitCode: 0, endAt: 500, changes: [] });
  });

  it('answers is-active like systemd: active/0, inactive/3, quiet prints nothing', () => {
    expect(run(['systemctl is-active httpd']).steps[0]).toMatchObject({
      exitCode: 0,
      stdout: 'active\n',
    });
    expect(run(['systemctl is-active httpd'], 'stopped').steps[0]).toMatchObject({
      exitCode: 3,
      stdout: 'inactive\n',
    });
    expect(run(['systemctl is-active --quiet httpd'], 'stopped').steps[0]).toMatchObject({
      exitCode: 3,
      stdout: '',
    });
  });

  it('sees its own earlier lines: stop then is-active reports inactive', () => {
    // Act
    const out = run(['systemctl stop httpd', 'systemctl is-active httpd']);

    // Assess
    expect(out.exitCode).toBe(3);
    expect(out.endAt).toBe(3500);
  });

  it('restarts through stopped to running', () => {
    // Act
    const out = run(['systemctl restart httpd']);

    // Assess
    expect(out.changes).toEqual([
      { at: 3000, state: 'stopped' },
      { at: 8000, state: 'running' },
    ]);
  });

  it('fails on an unknown unit with exit 5 and systemd’s message', () => {
    // Act
    const out = run(['systemctl stop nginx']);

    // Assess
    expect(out.exitCode).toBe(5);
    expect(out.steps[0].stderr).toBe(
      'Failed to stop nginx.service: Unit nginx.service not loaded.\n',
    );
  });

  it('handles echo quoting, comments, blank lines, set and exit N', () => {
    // Act
    const out = run([
      '#!/bin/bash\nset -e',
      '',
      'echo "hello  world" \'x\'',
      'exit 4',
      'echo never',
    ]);

    // Assess
    expect(out.exitCode).toBe(4);
    expect(out.steps.map((s) => s.stdout).join('')).toBe('hello  world x\n');
    expect(out.steps.map((s) => s.line)).toEqual(['set -e', 'echo "hello  world" \'x\'', 'exit 4']);
  });

  it('exits 0 on an explicit exit 0 without running the rest', () => {
    // Act
    const out = run(['exit 0', 'systemctl stop httpd']);

    // Assess
    expect(out.exitCode).toBe(0);
    expect(out.changes).toEqual([]);
  });

  it('cuts a line off at the deadline without its effect', () => {
    // Act
    const out = run(['systemctl stop httpd'], 'running', 2000);

    // Assess
    expect(out).toMatchObject({ timedOut: true, endAt: 2000, steps: [], changes: [] });
  });

  it('lets a fault replace matching lines only', () => {
    // Prepare
    const { h, changes } = host('running', [{ exitCode: 2, stderr: 'boom\n', match: /stop/ }]);

    // Act
    const out = runShellScript(
      ['echo ok', 'systemctl stop httpd', 'echo never'],
      0,
      Infinity,
      h,
      DEFAULT_SIM_TIMINGS,
    );

    // Assess
    expect(out.exitCode).toBe(2);
    expect(out.steps.map((s) => s.stdout + s.stderr)).toEqual(['ok\n', 'boom\n']);
    expect(changes).toEqual([]);
  });
});
