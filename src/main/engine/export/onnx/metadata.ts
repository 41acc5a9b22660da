/** What a field device needs to know to feed the exported model and read its answer. */
export interface ExportMetadata {
  /** class names in output order */
  classes: string[];
  /** model name in the project (e.g. 'vtcnn2') */
  modelName?: string;
  /** how a sample is laid out at the input; defaults to a description of the input shape */
  inputLayout?: string;
  /** normalisation applied to each sample before the model (e.g. 'unit power per sample') */
  normalization?: string;
  /** SNR range the model was trained on, dB */
  snrRangeDb?: [number, number] | null;
  /** dataset the model was trained on (name and content hash) */
  sourceDataset?: string;
  /** how the model came to be: e.g. ['trained vtcnn2 on RML2016.10a', 'pruned blocks 4,5', 'fine-tuned 5 epochs'] */
  lineage?: string[];
  /** further key/value pairs to carry along */
  extra?: Record<string, string>;
}

/** metadata_props entries, all strings as ONNX requires; lists are JSON. */
export function metadataProps(meta: ExportMetadata, inputShape: number[]): Record<string, string> {
  const props: Record<string, string> = {
    classes: JSON.stringify(meta.classes),
    input_layout: meta.inputLayout ?? `float32 [N, ${inputShape.join(', ')}] in TF.js order (channels last)`,
  };
  if (meta.modelName) props.model_name = meta.modelName;
  if (meta.normalization) props.normalization = meta.normalization;
  if (meta.snrRangeDb) props.snr_range_db = JSON.stringify(meta.snrRangeDb);
  if (meta.sourceDataset) props.source_dataset = meta.sourceDataset;
  if (meta.lineage) props.lineage = JSON.stringify(meta.lineage);
  return { ...props, ...meta.extra };
}
