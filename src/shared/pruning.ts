// Names the Pruning and Export views offer, as plain strings so the IPC contract can validate
// them without loading the engine. A unit test checks they match the engine's own lists.

/** Layer-selection metrics: each gives a score per removable unit (low = removed first). */
export const selectionMetricNames = ['reverse-order', 'random', 'magnitude-l1', 'magnitude-l2', 'taylor', 'loss-drop', 'block-influence'] as const;
export type SelectionMetricName = (typeof selectionMetricNames)[number];

/** Prune methods: the selection metrics plus block-wise (CKA + Fisher) and channel pruning. */
export const pruneMethodNames = [...selectionMetricNames, 'blockwise', 'channel'] as const;
export type PruneMethodName = (typeof pruneMethodNames)[number];

/** Recovery after the cut: none, full fine-tuning, the last K units only, or LoRA adapters. */
export const recoveryPattern = /^(none|full|lora|partial(-\d+)?)$/;
export const recoveryChoices = ['none', 'partial-3', 'full', 'lora'] as const;

export const exportFormatNames = ['onnx', 'onnx-int8', 'tfjs'] as const;
export type ExportFormatName = (typeof exportFormatNames)[number];
