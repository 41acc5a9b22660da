// Copies an n-d box between two row-major arrays as contiguous runs over its innermost axes.
// Shared by Slice, Unpack and SplitV (box read out of a larger input) and PadV2 (box written into
// a larger output).
const SHORT_RUN = 48;

type Numeric = Float32Array | Int32Array | Uint8Array;

/** Where a box lies in the source and destination arrays (row-major shapes). */
interface Placement {
  srcShape: number[];
  srcBegin: number[];
  dstShape: number[];
  dstBegin: number[];
  box: number[];
}

/**
 * Copies the box of size `box` starting at `srcBegin` in an array of shape `srcShape` to
 * position `dstBegin` in an array of shape `dstShape`.
 */
export function copyBox(
  src: Numeric,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: Numeric,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  box: readonly number[],
): void {
  copyRuns(src, dst, mergeWholeInnerAxes({ srcShape: [...srcShape], srcBegin: [...srcBegin], dstShape: [...dstShape], dstBegin: [...dstBegin], box: [...box] }));
}

/**
 * The same box with its innermost axes merged while the box spans them whole on both sides
 * (padding a [n, w, c] tensor along w copies runs of w·c floats, not of c), so runs are long.
 */
function mergeWholeInnerAxes(m: Placement): Placement {
  for (let last = m.box.length - 1; last >= 1; last--) {
    const extent = m.box[last]!;
    if (m.srcShape[last] !== extent || m.dstShape[last] !== extent || m.srcBegin[last] !== 0 || m.dstBegin[last] !== 0) break;
    for (const key of ['srcShape', 'srcBegin', 'dstShape', 'dstBegin', 'box'] as const) {
      m[key][last - 1]! *= extent;
      m[key].pop();
    }
  }
  return m;
}

function copyRuns(src: Numeric, dst: Numeric, { srcShape, srcBegin, dstShape, dstBegin, box }: Placement): void {
  const rank = box.length;
  if (rank === 0) {
    dst[0] = src[0]!;
    return;
  }
  if (box.some((d) => d === 0)) return;
  const srcStrides = stridesOf(srcShape);
  const dstStrides = stridesOf(dstShape);
  const run = box[rank - 1]!;
  // Between views of one buffer (the wasm heap), TypedArray.set first clones the source: copy
  // runs with copyWithin on a view of the whole buffer instead.
  const shared = src.buffer === dst.buffer && src.constructor === dst.constructor;
  const whole = shared ? new (dst.constructor as new (b: ArrayBufferLike) => Numeric)(dst.buffer) : null;
  const srcBase = src.byteOffset / src.BYTES_PER_ELEMENT;
  const dstBase = dst.byteOffset / dst.BYTES_PER_ELEMENT;
  const index = new Array<number>(rank - 1).fill(0);
  for (;;) {
    let s = srcBegin[rank - 1]!;
    let d = dstBegin[rank - 1]!;
    for (let axis = 0; axis < rank - 1; axis++) {
      s += (srcBegin[axis]! + index[axis]!) * srcStrides[axis]!;
      d += (dstBegin[axis]! + index[axis]!) * dstStrides[axis]!;
    }
    if (run >= SHORT_RUN) {
      if (whole) whole.copyWithin(dstBase + d, srcBase + s, srcBase + s + run);
      else dst.set(src.subarray(s, s + run), d);
    }
    else for (let i = 0; i < run; i++) dst[d + i] = src[s + i]!;
    let axis = rank - 2;
    while (axis >= 0 && ++index[axis]! === box[axis]!) index[axis--] = 0;
    if (axis < 0) return;
  }
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}
