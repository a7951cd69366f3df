import type { Button } from '@slack/types';
import { approvalRequest, decideApproval, reopenRequest } from '../../../bot/blocks/approval';
import { parseApprovalRef } from '../../../bot/blocks/approval-ref';
import { buttons, EXECUTION_ARN, expectAcceptedBySlack, instanceId, plan, texts } from './fixtures';

const expiresAt = Date.UTC(2025, 10, 29, 23, 0, 0);
const input = {
  jobnet: 'stop',
  system: 'shop',
  requestedBy: 'U0REQ',
  executionArn: EXECUTION_ARN,
  attempt: '0123456789abcdef',
  plan: plan(3),
  expiresAt,
} as const;
const REF = { executionArn: EXECUTION_ARN, state: 'Approval', attempt: '0123456789abcdef' };

describe('approvalRequest', () => {
  it('shows every change in order and the current states compactly', () => {
    const message = approvalRequest(input);

    const all = texts(message.blocks).join('\n');
    input.plan.changes.forEach((change, i) => expect(all).toContain(`${i + 1}. ${change}`));
    expect(all).toContain(`*Web instances* (3): 2 running · 1 stopped: ${instanceId(1)} (web-1)`);
    expect(all).toContain('*DB cluster* shop-db: available');
    expect(all).toContain('*Maintenance page*: down');
    expect(all).toContain(`*Targets* (3): 2 healthy · 1 unused: ${instanceId(1)}`);
    expect(all).toContain('Expires at 23:00 UTC');
    expect(message.text).toBe('Approval needed: stop shop, requested by <@U0REQ>');
    expectAcceptedBySlack(message);
  });

  it('says a database-scope run (the Aurora re-stop) changes only the DB cluster', () => {
    const message = approvalRequest({ ...input, plan: plan(2, { scope: 'database' }) });

    expect(texts(message.blocks).join('\n')).toContain(
      '<@U0REQ> asked to *stop* *shop* (only the DB cluster).',
    );
    expectAcceptedBySlack(message);
  });

  it('offers Approve (primary) and Reject (danger, confirmed), both naming exactly this approval', () => {
    const [approve, reject] = buttons(approvalRequest(input).blocks) as unknown as Button[];

    expect(approve).toMatchObject({ action_id: 'approval_approve', style: 'primary' });
    expect(parseApprovalRef(approve.value)).toEqual(REF);
    expect(approve.confirm).toBeUndefined();
    expect(reject).toMatchObject({ action_id: 'approval_reject', style: 'danger' });
    expect(parseApprovalRef(reject.value)).toEqual(REF);
    expect(reject.confirm).toMatchObject({
      title: { text: 'Reject this run?' },
      confirm: { text: 'Reject' },
      deny: { text: 'Cancel' },
    });
  });

  it('never carries a task token, even when the caller has one at hand', () => {
    const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAT0ken';

    const message = approvalRequest({ ...input, taskToken: token } as typeof input);

    expect(JSON.stringify(message)).not.toContain(token);
    expect(JSON.stringify(message)).not.toMatch(/token/i);
  });

  it('refuses an execution ARN longer than a button value can hold', () => {
    expect(() =>
      approvalRequest({ ...input, executionArn: `${EXECUTION_ARN}${'x'.repeat(2000)}` }),
    ).toThrow(/Slack allows 2000/);
  });

  it('stays within Slack limits for 50 instances', () => {
    const message = approvalRequest({ ...input, plan: plan(50) });

    const all = texts(message.blocks).join('\n');
    expect(all).toContain(`Stop Apache on ${instanceId(50)} (web-50)`);
    expectAcceptedBySlack(message);
  });

  it('escapes instance names and other untrusted text', () => {
    const hostile = plan(1, {
      instances: [{ id: 'i-1', name: '<!channel> & co', state: 'running' }],
      changes: ['Stop Apache on i-1 (<!channel> & co)'],
    });

    const all = texts(approvalRequest({ ...input, plan: hostile }).blocks).join('\n');

    expect(all).toContain('i-1 (&lt;!channel&gt; &amp; co)');
    expect(all).not.toContain('<!channel>');
  });
});

describe('decideApproval', () => {
  const at = Date.UTC(2025, 10, 29, 22, 1, 30);

  it.each([
    ['approved', 'U0APP', '✅ Approved by <@U0APP> at 22:01 UTC'],
    ['rejected', 'U0APP', '🚫 Rejected by <@U0APP> at 22:01 UTC; nothing was changed'],
    ['expired', undefined, '⌛ Expired: nobody decided by 22:01 UTC; nothing was changed'],
  ] as const)(
    '%s: keeps the plan, drops the buttons and says who decided when',
    (decision, by, line) => {
      const message = decideApproval(approvalRequest(input).blocks, decision, at, by);

      const all = texts(message.blocks).join('\n');
      expect(all).toContain(line);
      expect(all).toContain(`1. ${input.plan.changes[0]}`);
      expect(all).not.toContain('Expires at');
      expect(buttons(message.blocks)).toEqual([]);
      expect(message.text.startsWith(line)).toBe(true);
      expectAcceptedBySlack(message);
    },
  );
});

describe('the scripts in the plan', () => {
  it('shows each script the run executes as root, in a code block', () => {
    const message = approvalRequest({
      ...input,
      scripts: [
        { label: 'Stop script', script: 'systemctl stop httpd\n/opt/shop/bin/drain' },
        { label: 'Check script', script: 'systemctl is-active httpd' },
      ],
    });
    const all = texts(message.blocks).join('\n');
    expect(all).toContain('Scripts run as root on every instance');
    expect(all).toContain('Stop script\n```\nsystemctl stop httpd\n/opt/shop/bin/drain\n```');
    expect(all).toContain('Check script\n```\nsystemctl is-active httpd\n```');
    expectAcceptedBySlack(message);
  });

  it('cuts a long or hostile script inside Block Kit limits, saying so', () => {
    const script = `<!channel> \`\`\`\n${'echo x\n'.repeat(2000)}`;
    const message = approvalRequest({
      ...input,
      plan: plan(50),
      scripts: [{ label: 'Stop', script }],
    });
    const all = texts(message.blocks).join('\n');
    expect(all).toMatch(/cut \d+ characters/);
    expect(all).not.toContain('<!channel>');
    expectAcceptedBySlack(message);
  });
});

describe('approval refs', () => {
  it('reads back what it wrote and refuses anything else', () => {
    const value = buttons(approvalRequest(input).blocks)[0].value as string;
    expect(parseApprovalRef(value)).toEqual(REF);
    expect(parseApprovalRef(EXECUTION_ARN)).toBeUndefined();
    expect(parseApprovalRef('{"e":"x","s":"Other","a":"1"}')).toBeUndefined();
    expect(parseApprovalRef(undefined)).toBeUndefined();
  });
});

describe('reopenRequest', () => {
  it('asks to take the page down, with buttons naming the reopen approval and a decision that works the same', () => {
    const { plan: _plan, ...request } = input;
    const message = reopenRequest(request);

    expect(texts(message.blocks).join('\n')).toMatch(/take the maintenance page of \*shop\* down/);
    const refs = buttons(message.blocks).map((b) => parseApprovalRef(b.value as string));
    expect(refs).toEqual([
      { ...REF, state: 'ApproveReopen' },
      { ...REF, state: 'ApproveReopen' },
    ]);
    expectAcceptedBySlack(message);
    const decided = decideApproval(
      message.blocks,
      'approved',
      Date.UTC(2026, 10, 29, 22, 1),
      'U0LEAD',
    );
    expect(buttons(decided.blocks)).toEqual([]);
    expect(decided.text).toBe('✅ Approved by <@U0LEAD> at 22:01 UTC');
  });
});
