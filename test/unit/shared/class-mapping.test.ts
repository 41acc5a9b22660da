import { describe, expect, it } from 'vitest';
import { canonicalClassName, defaultClassMapping, isIdentityMapping, parseClassMappingText } from '../../../src/shared/class-mapping.ts';

const rml2016 = ['8PSK', 'AM-DSB', 'AM-SSB', 'BPSK', 'CPFSK', 'GFSK', 'PAM4', 'QAM16', 'QAM64', 'QPSK', 'WBFM'];

describe('class mapping', () => {
  it('matches names that differ in case, punctuation or where the order number stands', () => {
    expect(canonicalClassName('QAM16')).toBe(canonicalClassName('16QAM'));
    expect(canonicalClassName('qam-16')).toBe('16QAM');
    expect(canonicalClassName('8-PSK')).toBe(canonicalClassName('8PSK'));
    expect(canonicalClassName('AM-DSB')).not.toBe(canonicalClassName('AM-DSB-WC'));
  });

  it('maps a dataset\'s classes to a model\'s by name and leaves the unknown ones out', () => {
    const capture = ['16qam', 'bpsk', 'qpsk', 'FM', 'noise'];
    expect(defaultClassMapping(capture, rml2016)).toEqual({ '16qam': 'QAM16', bpsk: 'BPSK', qpsk: 'QPSK', FM: null, noise: null });
    const tenB = rml2016.filter((c) => c !== 'AM-SSB');
    const m = defaultClassMapping(tenB, rml2016);
    expect(Object.values(m)).toEqual(tenB);
    expect(isIdentityMapping(tenB, rml2016, m)).toBe(false);
    expect(isIdentityMapping(rml2016, rml2016, defaultClassMapping(rml2016, rml2016))).toBe(true);
  });

  it('reads the command-line form, an empty right side leaving a class out', () => {
    expect(parseClassMappingText('FM=WBFM, noise= ,16qam=QAM16')).toEqual({ FM: 'WBFM', noise: null, '16qam': 'QAM16' });
    expect(() => parseClassMappingText('FM')).toThrow(/'FM' is not DATASET_CLASS=MODEL_CLASS/);
  });
});
