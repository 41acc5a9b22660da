// The training recipes of the PyTorch reference scripts (train_ref.py for ResNet1D-20,
// train_torch.py for the DeepSig VT-CNN2 notebook), expressed as our TrainConfig.
import { AppError } from '../../../../shared/errors.ts';
import { resolveTrainConfig, type TrainConfig } from '../train/config.ts';

/** 'zoo': the model zoo's own initialisers; 'torch-default': PyTorch's Conv/Linear defaults */
export type InitScheme = 'zoo' | 'torch-default';

export interface ReferenceRecipe {
  /** model zoo name */
  model: 'resnet1d20' | 'vtcnn2';
  /** the reference script that implements it */
  script: 'train_ref.py' | 'train_torch.py';
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam';
  /** Adam's ε: both scripts keep torch.optim.Adam's default */
  epsilon: number;
  /**
   * The starting weights: train_ref.py keeps PyTorch's defaults; train_torch.py sets the DeepSig
   * notebook's (Glorot-uniform convolutions, He-normal dense layers, zero biases), which the zoo's
   * VT-CNN2 uses (its output layer Glorot-uniform, of the same spread at 256 inputs: σ 0.087 vs 0.088).
   */
  init: InitScheme;
  loss: 'cross-entropy';
}

export const referenceRecipes: Readonly<Record<ReferenceRecipe['model'], ReferenceRecipe>> = {
  resnet1d20: { model: 'resnet1d20', script: 'train_ref.py', epochs: 10, batchSize: 256, learningRate: 1e-3, optimizer: 'adam', epsilon: 1e-8, init: 'torch-default', loss: 'cross-entropy' },
  // The notebook trains with batch 1024; its epoch count is a command-line choice (10 in the reference results).
  vtcnn2: { model: 'vtcnn2', script: 'train_torch.py', epochs: 10, batchSize: 1024, learningRate: 1e-3, optimizer: 'adam', epsilon: 1e-8, init: 'zoo', loss: 'cross-entropy' },
};

export function getReferenceRecipe(model: string): ReferenceRecipe {
  const r = referenceRecipes[model as ReferenceRecipe['model']];
  if (!r) throw new AppError('VALIDATION', `no reference recipe for model '${model}' (known: ${Object.keys(referenceRecipes).join(', ')})`);
  return r;
}

/**
 * The recipe as a TrainConfig: fixed epochs, constant learning rate, no early stopping
 * (the reference scripts keep the last epoch's weights and have no validation set).
 */
export function recipeTrainConfig(recipe: ReferenceRecipe, seed: number, epochs = recipe.epochs): TrainConfig {
  return resolveTrainConfig({
    epochs,
    batchSize: recipe.batchSize,
    learningRate: recipe.learningRate,
    optimizer: recipe.optimizer,
    epsilon: recipe.epsilon,
    seed,
    schedule: { kind: 'constant' },
    earlyStopping: null,
  });
}
