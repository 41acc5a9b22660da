import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { embeddingMap, pca2 } from '../../../../../src/main/engine/ml/cluster/map2d.ts';

describe('pca2', () => {
  it('finds the axes of an elongated cloud: 3-D points stretched along a known direction', () => {
    const rng = createRng(1);
    const n = 400;
    const dir = [2 / 3, -2 / 3, 1 / 3];
    const side = [2 / 3, 1 / 3, -2 / 3]; // orthogonal to dir
    const pts = new Float32Array(n * 3);
    const along: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = 10 * rng.normal();
      const b = 2 * rng.normal();
      along.push(a);
      for (let t = 0; t < 3; t++) pts[i * 3 + t] = 5 + a * dir[t]! + b * side[t]! + 0.1 * rng.normal();
    }
    const { coords, explained } = pca2(pts, 3);
    expect(explained).toBeGreaterThan(0.99);
    // first coordinate follows the stretch (up to sign), the second carries the smaller spread
    const first = Array.from({ length: n }, (_, i) => coords[i * 2]!);
    const corr = first.reduce((s, v, i) => s + v * along[i]!, 0) / Math.sqrt(first.reduce((s, v) => s + v * v, 0) * along.reduce((s, v) => s + v * v, 0));
    expect(Math.abs(corr)).toBeGreaterThan(0.999);
    const spread = (c: number): number => Math.sqrt(Array.from({ length: n }, (_, i) => coords[i * 2 + c]! ** 2).reduce((a, b) => a + b) / n);
    expect(spread(0) / spread(1)).toBeGreaterThan(3);
  });
});

describe('embeddingMap', () => {
  function twoBlobs(perBlob: number, d: number): Float32Array {
    const rng = createRng(2);
    return Float32Array.from({ length: 2 * perBlob * d }, (_, k) => (Math.floor(k / d) < perBlob ? 0 : 8) + rng.normal());
  }

  it('UMAP is reproducible from its seed and keeps separated groups apart', () => {
    const pts = twoBlobs(40, 6);
    const a = embeddingMap(pts, 6, { seed: 3 });
    const b = embeddingMap(pts, 6, { seed: 3 });
    expect(Array.from(b.umap!)).toEqual(Array.from(a.umap!));
    const m = a.indices.length;
    let sameGroup = 0;
    for (let i = 0; i < m; i++) {
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (let j = 0; j < m; j++) {
        if (j === i) continue;
        const dist = (a.umap![i * 2]! - a.umap![j * 2]!) ** 2 + (a.umap![i * 2 + 1]! - a.umap![j * 2 + 1]!) ** 2;
        if (dist < bestD) {
          bestD = dist;
          best = j;
        }
      }
      if (a.indices[i]! < 40 === a.indices[best]! < 40) sameGroup++;
    }
    expect(sameGroup).toBe(m);
  });

  it('draws at most maxPoints samples by seed, in ascending order', () => {
    const pts = twoBlobs(50, 3);
    const map = embeddingMap(pts, 3, { seed: 4, maxPoints: 30, umap: false });
    expect(map.indices).toHaveLength(30);
    expect(Array.from(map.indices)).toEqual([...map.indices].sort((x, y) => x - y));
    expect(map.umap).toBeNull();
    expect(map.pca).toHaveLength(60);
    expect(Array.from(embeddingMap(pts, 3, { seed: 5, maxPoints: 30, umap: false }).indices)).not.toEqual(Array.from(map.indices));
  });
});
