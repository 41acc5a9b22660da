// The settings a training starts from, the same on the Training page and for `amr-studio train`:
// ResNet1D-20 rather than VT-CNN2, the old page default, which stayed near chance on an
// RML2016-sized set after its 5 epochs at batch 64.

export const trainingDefaults = {
  architecture: 'resnet1d',
  epochs: 10,
  batchSize: 256,
  learningRate: 1e-3,
  seed: 0,
  optimizer: 'adam',
  schedule: 'constant',
} as const;
