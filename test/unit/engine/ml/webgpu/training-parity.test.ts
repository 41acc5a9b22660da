// Training on the webgpu backend gives what the cpu backend gives: the same seeded weights,
// dropout masks and batch-norm statistics, so the same losses and the same weights after a few
// Adam steps, and a model trained on one backend evaluates the same on the other. Runs in a child
// process with a Vulkan driver (Chromium's SwiftShader in CI; helpers/vulkan.ts).
//
// Tolerances. Losses: 1e-5 relative (float32 sums in another order). Weights: no element more
// than a quarter of the learning rate apart — an Adam step moves a weight by about the learning
// rate whatever its gradient, so this says no weight took a different step, while a ReLU input
// that rounds to the other side of zero on one backend may still move a few weights slightly —
// and each tensor's RMS difference below 1e-4 of its RMS. Logits: 1e-5 of the largest.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lastJsonLine, runTypeScript, vulkanEnvironment } from '../../../../helpers/vulkan.ts';

const vulkan = vulkanEnvironment();
if ('skip' in vulkan) console.log(`webgpu training tests skipped: ${vulkan.skip}`);
const child = fileURLToPath(new URL('./training-parity.run.ts', import.meta.url));
const learningRate = 1e-3;

interface Figures {
  arch: string;
  leaked: { webgpu: number; cpu: number };
  loss: { webgpu: number; cpu: number };
  valLoss: { webgpu: number; cpu: number };
  weights: { name: string; worst: number; rms: number; rmsDiff: number }[];
  logits: { webgpu: number[]; cpu: number[] };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

describe.skipIf('skip' in vulkan)('training on webgpu', () => {
  it('VT-CNN2 and ResNet1D-20: a few Adam steps equal the cpu backend\'s, and the trained weights evaluate the same on both', { timeout: 300_000 }, async () => {
    const r = await runTypeScript(child, [], (vulkan as { env: NodeJS.ProcessEnv }).env, 300_000);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    const figures = lastJsonLine<Figures[]>(r.stdout);
    expect(figures.map((f) => f.arch)).toEqual(['vtcnn2', 'resnet1d20']);
    for (const f of figures) {
      expect(f.leaked, f.arch).toEqual({ webgpu: 0, cpu: 0 });
      expect(relative(f.loss.webgpu, f.loss.cpu), `${f.arch} training loss`).toBeLessThan(1e-5);
      expect(relative(f.valLoss.webgpu, f.valLoss.cpu), `${f.arch} validation loss`).toBeLessThan(1e-4);
      for (const w of f.weights) {
        expect(w.worst, `${f.arch} ${w.name}`).toBeLessThan(learningRate / 4);
        expect(w.rmsDiff, `${f.arch} ${w.name}`).toBeLessThanOrEqual(1e-4 * w.rms);
      }
      const scale = Math.max(...f.logits.cpu.map(Math.abs));
      f.logits.webgpu.forEach((v, i) => expect(Math.abs(v - f.logits.cpu[i]!), `${f.arch} logit ${i}`).toBeLessThan(1e-5 * scale));
    }
  });
});
