// A kind's function loads its module once, on the first call or ahead of it (preload), and a
// load that failed is tried again by the next call.
import { describe, expect, it } from 'vitest';
import { onDemand } from '../../../../../src/main/engine/jobs/kinds/on-demand.ts';

describe('onDemand', () => {
  it('loads on the first call only and passes the arguments through', async () => {
    let loads = 0;
    const twice = onDemand(async () => {
      loads += 1;
      return (a: number, b: number) => 2 * (a + b);
    });
    expect(twice.loaded).toBe(false);
    expect(loads).toBe(0);
    expect(await Promise.all([twice(1, 2), twice(3, 4)])).toEqual([6, 14]);
    expect(await twice(5, 0)).toBe(10);
    expect(loads).toBe(1);
    expect(twice.loaded).toBe(true);
  });

  it('preload loads ahead, and the calls after it load nothing', async () => {
    let loads = 0;
    const check = onDemand(async () => {
      loads += 1;
      return async (path: string) => {
        if (!path) throw new Error('no path');
      };
    });
    await check.preload();
    expect(loads).toBe(1);
    expect(check.loaded).toBe(true);
    await check('a');
    await expect(check('')).rejects.toThrow('no path');
    await check.preload();
    expect(loads).toBe(1);
  });

  it('a failed load is reported to its caller and tried again by the next call', async () => {
    let loads = 0;
    const flaky = onDemand(async () => {
      loads += 1;
      if (loads === 1) throw new Error('module missing');
      return () => 'ok';
    });
    await expect(flaky()).rejects.toThrow('module missing');
    expect(flaky.loaded).toBe(false);
    expect(await flaky()).toBe('ok');
    expect(loads).toBe(2);
  });
});
