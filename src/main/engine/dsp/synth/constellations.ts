// Gray-coded symbol alphabets with unit average power. Index = the bit pattern a symbol carries,
// so nearest neighbours differ in exactly one bit.

export interface Constellation {
  name: string;
  bitsPerSymbol: number;
  re: Float64Array;
  im: Float64Array;
}

function gray(k: number): number {
  return k ^ (k >> 1);
}

function normalise(name: string, re: Float64Array, im: Float64Array): Constellation {
  let power = 0;
  for (let k = 0; k < re.length; k++) power += re[k] * re[k] + im[k] * im[k];
  const g = 1 / Math.sqrt(power / re.length);
  for (let k = 0; k < re.length; k++) {
    re[k] *= g;
    im[k] *= g;
  }
  return { name, bitsPerSymbol: Math.log2(re.length), re, im };
}

/** M-PSK: the point at angle `offset + 2πk/M` carries the bits gray(k). */
export function pskConstellation(name: string, m: number, offsetRad = 0): Constellation {
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const angle = offsetRad + (2 * Math.PI * k) / m;
    re[gray(k)] = Math.cos(angle);
    im[gray(k)] = Math.sin(angle);
  }
  return normalise(name, re, im);
}

/** M-PAM on the I axis: level 2k − (M − 1) carries gray(k). */
export function pamConstellation(name: string, m: number): Constellation {
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let k = 0; k < m; k++) re[gray(k)] = 2 * k - (m - 1);
  return normalise(name, re, im);
}

/** Square M-QAM: Gray-coded PAM on I (high bits) and on Q (low bits). */
export function squareQamConstellation(name: string, m: number): Constellation {
  const side = Math.round(Math.sqrt(m));
  if (side * side !== m) throw new RangeError(`squareQamConstellation: ${m} is not a square`);
  const bitsPerAxis = Math.log2(side);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let a = 0; a < side; a++) {
    for (let b = 0; b < side; b++) {
      const index = (gray(a) << bitsPerAxis) | gray(b);
      re[index] = 2 * a - (side - 1);
      im[index] = 2 * b - (side - 1);
    }
  }
  return normalise(name, re, im);
}

/** On-off keying: {0, a} with a chosen for unit average power. */
export function onOffConstellation(name: string): Constellation {
  return normalise(name, Float64Array.from([0, 1]), new Float64Array(2));
}

/**
 * Cross QAM for an odd number of bits (32, 128, …): a square of side 3·2^((b − 3)/2) without a
 * (side/6)² block at each corner. Index order is row-major over the remaining points (not Gray:
 * no Gray code exists for a cross constellation).
 */
export function crossQamConstellation(name: string, m: number): Constellation {
  const bits = Math.log2(m);
  if (!Number.isInteger(bits) || bits % 2 === 0 || bits < 5) throw new RangeError(`crossQamConstellation: ${m} is not 2^odd ≥ 32`);
  const side = 3 * 2 ** ((bits - 3) / 2);
  const corner = side / 6;
  const re: number[] = [];
  const im: number[] = [];
  for (let a = 0; a < side; a++) {
    for (let b = 0; b < side; b++) {
      const inCornerRow = a < corner || a >= side - corner;
      const inCornerCol = b < corner || b >= side - corner;
      if (inCornerRow && inCornerCol) continue;
      re.push(2 * a - (side - 1));
      im.push(2 * b - (side - 1));
    }
  }
  return normalise(name, Float64Array.from(re), Float64Array.from(im));
}

/** Amplitude-and-phase-shift keying: rings of (points, relative radius, phase offset in rad). */
export function apskConstellation(name: string, rings: ReadonlyArray<readonly [number, number, number]>): Constellation {
  const re: number[] = [];
  const im: number[] = [];
  for (const [points, radius, offset] of rings) {
    for (let k = 0; k < points; k++) {
      re.push(radius * Math.cos(offset + (2 * Math.PI * k) / points));
      im.push(radius * Math.sin(offset + (2 * Math.PI * k) / points));
    }
  }
  return normalise(name, Float64Array.from(re), Float64Array.from(im));
}

/** The RML2016 alphabets, all Gray-coded. */
export const constellations = {
  BPSK: pskConstellation('BPSK', 2),
  QPSK: pskConstellation('QPSK', 4, Math.PI / 4),
  '8PSK': pskConstellation('8PSK', 8),
  PAM4: pamConstellation('PAM4', 4),
  QAM16: squareQamConstellation('QAM16', 16),
  QAM64: squareQamConstellation('QAM64', 64),
} as const;

/**
 * The RML2018.01a alphabets. APSK ring ratios: DVB-S2 16APSK (γ = 2.85) and 32APSK (2.84, 5.27),
 * DVB-S2X 64APSK 4+12+20+28 (2.4, 4.3, 7.0); 128APSK is an approximation (six 16-point rings and
 * a 32-point outer ring, evenly spaced radii).
 */
export const rml2018Constellations = {
  OOK: onOffConstellation('OOK'),
  '4ASK': pamConstellation('4ASK', 4),
  '8ASK': pamConstellation('8ASK', 8),
  BPSK: pskConstellation('BPSK', 2),
  QPSK: pskConstellation('QPSK', 4, Math.PI / 4),
  '8PSK': pskConstellation('8PSK', 8),
  '16PSK': pskConstellation('16PSK', 16),
  '32PSK': pskConstellation('32PSK', 32),
  '16APSK': apskConstellation('16APSK', [
    [4, 1, Math.PI / 4],
    [12, 2.85, Math.PI / 12],
  ]),
  '32APSK': apskConstellation('32APSK', [
    [4, 1, Math.PI / 4],
    [12, 2.84, Math.PI / 12],
    [16, 5.27, 0],
  ]),
  '64APSK': apskConstellation('64APSK', [
    [4, 1, Math.PI / 4],
    [12, 2.4, Math.PI / 12],
    [20, 4.3, 0],
    [28, 7, Math.PI / 28],
  ]),
  '128APSK': apskConstellation('128APSK', [
    [16, 1, 0],
    [16, 1.75, Math.PI / 16],
    [16, 2.5, 0],
    [16, 3.25, Math.PI / 16],
    [16, 4, 0],
    [16, 4.75, Math.PI / 16],
    [32, 5.5, 0],
  ]),
  '16QAM': squareQamConstellation('16QAM', 16),
  '32QAM': crossQamConstellation('32QAM', 32),
  '64QAM': squareQamConstellation('64QAM', 64),
  '128QAM': crossQamConstellation('128QAM', 128),
  '256QAM': squareQamConstellation('256QAM', 256),
} as const;
