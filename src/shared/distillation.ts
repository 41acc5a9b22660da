// Names the Distillation view offers, as plain strings so the IPC contract can validate them
// without loading the engine. A unit test checks they match the engine's own lists.

/** DM and MDM learn synthetic signals; random, herding and k-center select real ones. */
export const distillMethodNames = ['mdm', 'dm', 'random', 'herding', 'kcenter'] as const;
export type DistillMethodName = (typeof distillMethodNames)[number];

export const datasetExportFormatNames = ['npz', 'rml-pickle'] as const;
export type DatasetExportFormatName = (typeof datasetExportFormatNames)[number];

/** The metric kind the evaluation jobs store their scores under. */
export const DISTILL_EVAL_METRIC = 'distill-eval';
