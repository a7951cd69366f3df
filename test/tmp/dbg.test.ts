import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';
let h: JobnetHarness;
afterEach(async () => { const r0 = performance.now(); await h?.dispose(); console.log('dispose', Math.round(performance.now() - r0)); });
for (const n of [1, 2]) {
  it('run ' + n, async () => {
    const r0 = performance.now();
    console.log('start', n);
    h = await createJobnetHarness({ instances: 1, startState: 'down' });
    console.log('harness', Math.round(performance.now() - r0));
    const execution = h.start('start');
    await h.decide(execution, 'approve');
    console.log('decided', Math.round(performance.now() - r0));
    await h.vt.runUntil(() => execution.status !== 'RUNNING', 3_600_000).catch((e) => console.log(String(e)));
    console.log('vt real', Math.round(performance.now() - r0), execution.status);
  }, 30000);
}
