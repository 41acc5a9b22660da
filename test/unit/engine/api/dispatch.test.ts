import { describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../../src/shared/channels.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import { dispatch, type Handlers } from '../../../../src/main/engine/api/dispatch.ts';

type FakeEngine = { name: string };

/** Handlers that all fail loudly, except those a test replaces. */
function handlersWith(overrides: Partial<Handlers<FakeEngine>>): Handlers<FakeEngine> {
  const all = Object.fromEntries(channelNames.map((c) => [c, vi.fn(async () => Promise.reject(new Error(`${c} should not run`)))])) as unknown as Handlers<FakeEngine>;
  return { ...all, ...overrides };
}

const engine: FakeEngine = { name: 'fake' };

describe('dispatch', () => {
  it('rejects an invalid argument with VALIDATION before the handler runs', async () => {
    const pageSamples = vi.fn(async () => ({ total: 0, offset: 0, rows: [] }));
    const handlers = handlersWith({ pageSamples });
    const r = await dispatch(handlers, engine, 'pageSamples', { datasetId: 'one', offset: -1, limit: 10 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('datasetId');
    expect(r.error.message).toContain('offset');
    expect(pageSamples).not.toHaveBeenCalled();
  });

  it('rejects unknown keys and unknown channels', async () => {
    const listDatasets = vi.fn(async () => []);
    const handlers = handlersWith({ listDatasets });
    const extra = await dispatch(handlers, engine, 'listDatasets', { path: '/etc/passwd' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await dispatch(handlers, engine, 'runShell', {});
    expect(unknown).toEqual({ ok: false, error: { code: 'VALIDATION', message: "unknown channel 'runShell'" } });
    const inherited = await dispatch(handlers, engine, 'toString', {});
    expect(inherited).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(listDatasets).not.toHaveBeenCalled();
  });

  it('passes the parsed argument (with defaults) and the engine to the handler', async () => {
    const getDensity = vi.fn(async (_e: FakeEngine, arg: { bins: number }) => ({
      classIndex: 0,
      className: 'BPSK',
      snr: 10,
      bins: arg.bins,
      extent: 1,
      counts: [],
      samples: 0,
    }));
    const handlers = handlersWith({ getDensity });
    const r = await dispatch(handlers, engine, 'getDensity', { datasetId: 3, classIndex: 0, snr: 10 });
    expect(r).toMatchObject({ ok: true, value: { bins: 64 } });
    expect(getDensity).toHaveBeenCalledTimes(1);
    expect(getDensity.mock.calls[0]![0]).toBe(engine);
    expect(getDensity.mock.calls[0]![1]).toEqual({ datasetId: 3, classIndex: 0, snr: 10, bins: 64, maxSamples: 1000 });
  });

  it('treats a missing argument as an empty object', async () => {
    const getAppInfo = vi.fn(async () => ({ name: 'AMR Studio', version: '0' }));
    const r = await dispatch(handlersWith({ getAppInfo }), engine, 'getAppInfo', undefined);
    expect(r).toEqual({ ok: true, value: { name: 'AMR Studio', version: '0' } });
  });

  it('turns handler errors into coded error data', async () => {
    const handlers = handlersWith({
      getSample: async () => {
        throw new AppError('NOT_FOUND', 'sample 9 does not exist in this project');
      },
      listJobs: async () => {
        throw new TypeError('x is undefined');
      },
    });
    expect(await dispatch(handlers, engine, 'getSample', { datasetId: 1, sampleId: 9 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'sample 9 does not exist in this project' },
    });
    expect(await dispatch(handlers, engine, 'listJobs', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x is undefined' } });
  });

  it('hands the emitter to the handler so it can push progress', async () => {
    const emit = vi.fn();
    const handlers = handlersWith({
      importDataset: async (_e, arg, push) => {
        push('importProgress', { jobId: 1, path: arg.path, phase: 'reading', done: 1, total: 2 });
        throw new AppError('BAD_FILE', `${arg.path}: expected a pickle, found text`);
      },
    });
    const r = await dispatch(handlers, engine, 'importDataset', { path: '/tmp/x.pkl' }, emit);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_FILE' } });
    expect(emit).toHaveBeenCalledWith('importProgress', { jobId: 1, path: '/tmp/x.pkl', phase: 'reading', done: 1, total: 2 });
  });
});
