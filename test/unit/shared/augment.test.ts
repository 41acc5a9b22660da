import { describe, expect, it } from 'vitest';
import { describeAugment, parseAugmentText, resolveAugmentSpec } from '../../../src/shared/augment.ts';

const resolved = (text: string) => resolveAugmentSpec(parseAugmentText(text));

describe('augmentation text form', () => {
  it('reads each method with its defaults: exchange of half the length, same SNR, pool 64, θ 0.5, patience 5, n 4', () => {
    const msm = resolved('msm');
    expect(msm.mix).toMatchObject({ method: 'msm', operator: { kind: 'exchange', proportion: 0.5 }, sameSnr: true, pool: 64, band: 0.1 });
    expect(msm.rf).toBeNull();
    expect(resolved('theta:0.2').mix).toMatchObject({ method: 'theta', theta: 0.2, patience: 5 });
    expect(resolved('theta').mix!.theta).toBe(0.5);
    expect(resolved('nrm:4').mix).toMatchObject({ method: 'nrm', times: 4 });
    expect(resolved('nrm').mix!.times).toBe(4);
    expect(resolved('rm').probability).toBe(0.5);
    expect(resolved('rm').perSample).toBe(1);
  });

  it('reads operators, RF lists with values, and combinations joined by +', () => {
    expect(resolved('blend').mix).toMatchObject({ method: 'rm', operator: { kind: 'blend', lambda: { kind: 'beta', beta: 0.4 } } });
    expect(resolved('msm+blend:2').mix).toMatchObject({ method: 'msm', operator: { kind: 'blend', lambda: { kind: 'beta', beta: 2 } } });
    expect(resolved('exchange:0.25+nrm:2').mix).toMatchObject({ method: 'nrm', times: 2, operator: { kind: 'exchange', proportion: 0.25 } });
    const rf = resolved('rf:phase,awgn');
    expect(rf.mix).toBeNull();
    expect(rf.rf).toMatchObject({ ops: ['phase', 'awgn'], awgnTargetDb: null, awgnDropDb: [0, 6] });
    expect(resolved('rf:awgn=0:10,cfo=0.01,shift=8,scale=0.5:2').rf).toMatchObject({ awgnTargetDb: [0, 10], cfoMax: 0.01, shiftMax: 8, scale: [0.5, 2] });
    expect(resolved('rf:awgn=4').rf!.awgnTargetDb).toEqual([4, 4]);
    const both = resolved('msm+rf:phase');
    expect(both.mix!.method).toBe('msm');
    expect(both.rf!.ops).toEqual(['phase']);
    expect(parseAugmentText('none')).toBeNull();
    expect(parseAugmentText('')).toBeNull();
  });

  it('names the bad part of a bad text', () => {
    expect(() => parseAugmentText('mixup')).toThrow(/unknown term 'mixup'/);
    expect(() => parseAugmentText('rm+msm')).toThrow(/one mixing method/);
    expect(() => parseAugmentText('theta:x')).toThrow(/θ must be a number/);
    expect(() => parseAugmentText('rf:phase,noise')).toThrow(/unknown RF augmentation 'noise'/);
    expect(() => parseAugmentText('rf:phase=3')).toThrow(/'phase' takes no value/);
    expect(() => parseAugmentText('rf:')).toThrow(/rf\.ops/);
    expect(() => parseAugmentText('nrm:0')).toThrow(/mix\.times/);
    expect(() => parseAugmentText('exchange:1.5')).toThrow(/proportion/);
    expect(() => resolveAugmentSpec({})).toThrow(/choose a mixing method or at least one RF augmentation/);
    expect(() => resolveAugmentSpec({ mix: { method: 'msm', pool: 0 } })).toThrow(/mix\.pool/);
  });

  it('describes a spec in one line', () => {
    expect(describeAugment(resolved('msm+rf:phase,awgn'))).toBe('MSM, exchange 0.5, pool 64, band 0.1, same SNR + RF phase, awgn');
    expect(describeAugment(resolved('theta:0.3'))).toBe('θ-SM θ=0.3, patience 5, exchange 0.5, band 0.1, same SNR');
    expect(describeAugment(resolveAugmentSpec({ mix: { method: 'nrm', sameSnr: false } }))).toBe('4-RM, exchange 0.5, any SNR');
    expect(describeAugment(resolved('blend'))).toBe('RM, blend λ~Beta(0.4), same SNR');
  });
});
