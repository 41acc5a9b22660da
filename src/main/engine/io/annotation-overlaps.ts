// Labelled annotations that overlap: a window cut where two signals share time (and frequency,
// unless each burst is filtered to its own disjoint band) holds both, whichever label it gets.
// The import handles such windows by a chosen policy and reports how many there were.

import type { OverlapPolicy } from '../../../shared/sigmf-import-options.ts';

export interface AnnotatedSpan {
  /** recording samples [start, end) */
  start: number;
  end: number;
  /** Hz, null when not annotated */
  lower: number | null;
  upper: number | null;
  /** each burst is low-passed to its own band, so disjoint bands do not mix */
  filtered: boolean;
  /** mean power of the span, for the 'stronger' policy */
  power: number;
}

function bandsApart(a: AnnotatedSpan, b: AnnotatedSpan): boolean {
  if (!a.filtered || !b.filtered || a.lower === null || a.upper === null || b.lower === null || b.upper === null) return false;
  return Math.max(a.lower, a.upper) <= Math.min(b.lower, b.upper) || Math.max(b.lower, b.upper) <= Math.min(a.lower, a.upper);
}

/** For each span, the indexes of the others whose signal shares its time and band. */
export function overlapPartners(spans: readonly AnnotatedSpan[]): number[][] {
  return spans.map((a, k) =>
    spans.flatMap((b, j) => (j !== k && a.start < b.end && b.start < a.end && !bandsApart(a, b) ? [j] : [])),
  );
}

/** Whether a window of span k covering recording samples [from, to) is written under the policy. */
export function keepWindow(spans: readonly AnnotatedSpan[], partners: readonly number[][], k: number, from: number, to: number, policy: OverlapPolicy): { keep: boolean; overlapped: boolean } {
  const inWindow = partners[k]!.filter((j) => spans[j]!.start < to && from < spans[j]!.end);
  if (inWindow.length === 0) return { keep: true, overlapped: false };
  if (policy === 'keep') return { keep: true, overlapped: true };
  if (policy === 'skip') return { keep: false, overlapped: true };
  // the stronger signal keeps the window; a tie goes to the annotation listed first
  const mine = spans[k]!.power;
  return { keep: inWindow.every((j) => mine > spans[j]!.power || (mine === spans[j]!.power && k < j)), overlapped: true };
}
