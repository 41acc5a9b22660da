// NumPy .npy version 1.0 bytes: magic, a Python-literal header dict padded so the data start
// on a 64-byte boundary, then the raw little-endian data (numpy's own layout, C order).

function header(descr: string, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = `${dict}${' '.repeat(padding)}\n`;
  const out = Buffer.alloc(10 + text.length);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(text.length, 8);
  out.write(text, 10, 'latin1');
  return out;
}

export function float32Npy(values: Float32Array, shape: readonly number[]): Buffer {
  return Buffer.concat([header('<f4', shape), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

export function int32Npy(values: Int32Array): Buffer {
  return Buffer.concat([header('<i4', [values.length]), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

/** A 1-D array of unicode strings ('<U{n}': UTF-32LE, zero-padded to the longest). */
export function unicodeNpy(values: readonly string[]): Buffer {
  const codes = values.map((v) => [...v].map((c) => c.codePointAt(0)!));
  const width = Math.max(1, ...codes.map((c) => c.length));
  const data = Buffer.alloc(values.length * width * 4);
  codes.forEach((c, i) => c.forEach((code, j) => data.writeUInt32LE(code, (i * width + j) * 4)));
  return Buffer.concat([header(`<U${width}`, [values.length]), data]);
}
