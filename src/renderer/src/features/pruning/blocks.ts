// Fisher blocks as the plots draw them: which block each unit is in, and a colour per block.

/** block index of each of `count` units, given the ascending block starts */
export function blockOfUnit(starts: readonly number[], count: number): number[] {
  const out: number[] = [];
  let b = 0;
  for (let u = 0; u < count; u++) {
    while (b + 1 < starts.length && u >= starts[b + 1]!) b++;
    out.push(b);
  }
  return out;
}

const palette = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626'];

export function blockColour(block: number): string {
  return palette[block % palette.length]!;
}
