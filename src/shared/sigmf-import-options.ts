// The SigMF importer's burst options that both the CLI and the app's import form offer, with the
// defaults the importer applies, so the form shows what an import without them would do.

export type OverlapPolicy = 'skip' | 'stronger' | 'keep';
export const overlapPolicies: readonly OverlapPolicy[] = ['skip', 'stronger', 'keep'];

export const sigmfExtensions: readonly string[] = ['.sigmf-meta', '.sigmf-data', '.sigmf'];

export const sigmfBurstDefaults = {
  baseband: true,
  lowpass: false,
  rolloff: 0.35,
  overlap: 'keep' as OverlapPolicy,
  estimateSnr: true,
  snrStep: 2,
};

export function isSigmfPath(path: string): boolean {
  const lower = path.trim().toLowerCase();
  return sigmfExtensions.some((ext) => lower.endsWith(ext));
}
