// A field device runs stock TF.js, which knows none of the project's own layer classes. Those
// with a stock equivalent at inference are renamed in model.json; the rest are listed so the
// device code knows what it must register.
import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../../../../shared/errors.ts';

type LayerJson = { class_name: string; config: Record<string, unknown> };

/** Project layer → stock layer that computes the same thing at inference. */
const stockEquivalents: Record<string, (config: Record<string, unknown>) => LayerJson> = {
  // Seeded per-step masks only matter in training; at inference both are the identity.
  SeededDropout: (c) => ({ class_name: 'Dropout', config: { name: c.name, trainable: c.trainable, dtype: c.dtype, rate: c.rate } }),
};

/** Project layers without a stock equivalent (their code lives in the engine's model zoo). */
const projectOnly = new Set(['ZeroPad1D']);

function rewrite(node: unknown, custom: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => rewrite(n, custom));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const layer = node as Partial<LayerJson>;
  if (typeof layer.class_name === 'string' && layer.config && typeof layer.config === 'object') {
    const stock = stockEquivalents[layer.class_name];
    if (stock) Object.assign(layer, stock(layer.config));
    else if (projectOnly.has(layer.class_name)) custom.add(layer.class_name);
  }
  Object.values(node).forEach((v) => rewrite(v, custom));
}

/**
 * Rewrites a written model.json in place so stock TF.js can load it; returns the project-only
 * layer classes still in it (also recorded as userDefinedMetadata.customLayers).
 */
export async function makeTopologyPortable(modelJsonPath: string): Promise<string[]> {
  let json: { modelTopology?: unknown; userDefinedMetadata?: Record<string, unknown> };
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_FILE', `${modelJsonPath}: expected a TF.js model.json, ${err instanceof Error ? err.message : String(err)}`);
  }
  const custom = new Set<string>();
  rewrite(json.modelTopology, custom);
  const customLayers = [...custom].sort();
  json.userDefinedMetadata = { ...json.userDefinedMetadata, customLayers };
  await writeFile(modelJsonPath, JSON.stringify(json));
  return customLayers;
}
