import { parseConfig } from '../../../config/load';
import { observeSystem } from '../../../contract/observe-system';
import { postToResponseUrl, reportStatus } from '../../../bot/status-responder/system-status';
import { seedExampleSystem } from '../../../local/example-system';
import { createSimulatedClients, SimulatedAccount } from '../../../local/sim-aws';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { exampleConfig } from '../../helpers/bot-harness';

let slack: LocalSlack;
beforeEach(async () => {
  slack = await startLocalSlack();
});
afterEach(() => slack.close());

describe('system status', () => {
  it('answers the response URL privately with every resource of the system', async () => {
    const account = new SimulatedAccount();
    const seeded = await seedExampleSystem(account, { instances: 2 });
    const system = {
      ...parseConfig(exampleConfig()).systems[0],
      listenerArn: seeded.listenerArn,
      targetGroupArn: seeded.targetGroupArn,
    };
    const responseUrl = slack.createResponseUrl('C0EXAMPLE1', 'U0REQUESTER');

    await reportStatus(
      { system, executions: [], responseUrl },
      {
        observe: (s) => observeSystem(s, createSimulatedClients(account)),
        post: postToResponseUrl,
      },
    );

    const [answer] = slack.ephemerals('C0EXAMPLE1', 'U0REQUESTER');
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('*Web instances* (2): 2 running');
    expect(text).toContain('*DB cluster* shop-db: available');
    expect(text).toContain('*Maintenance page*: down');
    expect(text).toContain('*Targets* (2): 2 healthy');
  });

  it('answers with the reason when the resources cannot be read, without failing', async () => {
    const responseUrl = slack.createResponseUrl('C0EXAMPLE1', 'U0REQUESTER');
    const system = parseConfig(exampleConfig()).systems[0];
    await reportStatus(
      { system, executions: [], responseUrl },
      {
        observe: () =>
          Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDenied' })),
        post: postToResponseUrl,
      },
    );
    expect(slack.ephemerals('C0EXAMPLE1', 'U0REQUESTER')[0].text).toMatch(
      /Could not read the status of `shop`: AccessDenied: not authorized/,
    );
  });
});
