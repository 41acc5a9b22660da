// A suggested output path beside the project file, named after the model.

const extensions: Record<string, string> = { onnx: '.onnx', 'onnx-int8': '.int8.onnx', tfjs: '-tfjs' };

export function suggestedExportPath(projectPath: string, modelName: string, format: string): string {
  const cut = Math.max(projectPath.lastIndexOf('/'), projectPath.lastIndexOf('\\'));
  const folder = cut >= 0 ? projectPath.slice(0, cut + 1) : '';
  const stem = modelName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
  return `${folder}${stem}${extensions[format] ?? ''}`;
}
