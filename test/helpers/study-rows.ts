// Study rows as two runs of the same study must agree on them: everything but the timings,
// which differ from run to run and machine to machine.
const timings = new Set(['latencyMsBatch1', 'latencyMsBatch64', 'fineTuneSeconds']);

export function comparableRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !timings.has(k))));
}
