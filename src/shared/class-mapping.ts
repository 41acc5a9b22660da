// Matching a dataset's class names to a model's: the same modulation is spelt differently across
// datasets (QAM16 in RML2016, 16QAM in RML2018; 8psk, 8-PSK …). Names match when they agree
// after case, punctuation and the place of the order number are set aside; anything else is
// the user's to map.
import { AppError } from './errors.ts';

/** A dataset class → the model class it is scored as, or null to leave its samples out. */
export type ClassMapping = Record<string, string | null>;

/** 'QAM16', '16QAM', 'qam-16' → '16QAM'; 'AM-DSB' → 'AMDSB'. */
export function canonicalClassName(name: string): string {
  const plain = name.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const match = /^([A-Z]+)(\d+)$/.exec(plain);
  return match ? `${match[2]}${match[1]}` : plain;
}

/** Each dataset class mapped to the model class of the same canonical name, else to null. */
export function defaultClassMapping(datasetClasses: readonly string[], modelClasses: readonly string[]): ClassMapping {
  const byCanonical = new Map<string, string>();
  for (const c of modelClasses) if (!byCanonical.has(canonicalClassName(c))) byCanonical.set(canonicalClassName(c), c);
  return Object.fromEntries(datasetClasses.map((d) => [d, modelClasses.includes(d) ? d : (byCanonical.get(canonicalClassName(d)) ?? null)]));
}

/** True when every dataset class is its own model class at the same index (no mapping needed). */
export function isIdentityMapping(datasetClasses: readonly string[], modelClasses: readonly string[], mapping: ClassMapping): boolean {
  return datasetClasses.length === modelClasses.length && datasetClasses.every((d, k) => mapping[d] === d && modelClasses[k] === d);
}

/**
 * Parses the command-line form 'QAM16=16QAM,AM-SSB=' (an empty right side leaves the class out)
 * into overrides of the default mapping.
 */
export function parseClassMappingText(text: string): ClassMapping {
  const out: ClassMapping = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new AppError('VALIDATION', `'${part}' is not DATASET_CLASS=MODEL_CLASS (leave the right side empty to leave the class out)`);
    const target = part.slice(eq + 1).trim();
    out[part.slice(0, eq).trim()] = target === '' ? null : target;
  }
  return out;
}
