import { readFile } from 'node:fs/promises';
import { VirtualTime } from '../../local/virtual-time';

let vt: VirtualTime | undefined;
afterEach(() => {
  vt?.uninstall();
  vt = undefined;
});

describe('virtual time', () => {
  it('jumps from timer to timer, running what each sets going', async () => {
    vt = new VirtualTime();
    const t0 = vt.now();
    const fired: number[] = [];
    setTimeout(() => {
      fired.push(vt!.now() - t0);
      setTimeout(() => fired.push(vt!.now() - t0), 30_000);
    }, 60_000);

    await vt.advance(120_000);

    expect(fired).toEqual([60_000, 90_000]);
  });

  it('holds still while real I/O is out, so a request costs no simulated time', async () => {
    vt = new VirtualTime();
    const t0 = vt.now();
    setTimeout(() => undefined, 60_000);

    await vt.run(vt.trackIo(() => readFile(__filename, 'utf8')));

    expect(vt.now()).toBe(t0);
  });

  // An SDK request that is retried sleeps on setTimeout, which is simulated: held still for its
  // I/O, time would never reach the end of that sleep (a bench run once spun so for minutes).
  it('moves on when the real I/O is itself waiting on simulated time', async () => {
    vt = new VirtualTime();
    const t0 = vt.now();
    const backoff = () => new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 5_000));

    const answer = await vt.run(vt.trackIo(backoff));

    expect(answer).toBe('ok');
    expect(vt.now() - t0).toBe(5_000);
  });
});
