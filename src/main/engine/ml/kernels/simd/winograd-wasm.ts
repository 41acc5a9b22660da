// The emitted transforms of the Winograd convolutions (conv/winograd.ts): F(4, 3) for forward
// passes and input gradients, F(3, 4) for filter gradients, both over six points.
import { tileTransformFunction, type TileTransformArgs, type WindowedTileTransformArgs } from './tile-transform-wasm.ts';
import type { FunctionDefinition } from './wasm-encoding.ts';
import { winogradMatrices } from './winograd-matrices.ts';

/** F(4, 3): 4 outputs of a 3-tap filter from 6-element data tiles. */
export const OUTPUT_TILE = winogradMatrices(4, 3);
/** F(3, 4): the 3 taps' gradient from 6-element data tiles and 4 outputs' dy. */
export const TAP_TILE = winogradMatrices(3, 4);

export interface WinogradTransforms {
  /** data tile (6) → transformed (6); shared by both (same points) */
  winogradData: TileTransformArgs;
  winogradDataWindow: WindowedTileTransformArgs;
  /** 3 taps → 6 */
  winogradFilter: TileTransformArgs;
  /** 6 products → 4 outputs */
  winogradOutput: TileTransformArgs;
  winogradOutputWindow: WindowedTileTransformArgs;
  /** 4 outputs' dy → 6 */
  winogradDy: TileTransformArgs;
  winogradDyWindow: WindowedTileTransformArgs;
  /** 6 products → 3 taps' gradient */
  winogradTaps: TileTransformArgs;
}

export const winogradFunctions: FunctionDefinition[] = [
  tileTransformFunction('winogradData', OUTPUT_TILE.inputT),
  tileTransformFunction('winogradDataWindow', OUTPUT_TILE.inputT, 'loads'),
  tileTransformFunction('winogradFilter', OUTPUT_TILE.filter),
  tileTransformFunction('winogradOutput', OUTPUT_TILE.outputT),
  tileTransformFunction('winogradOutputWindow', OUTPUT_TILE.outputT, 'stores'),
  tileTransformFunction('winogradDy', TAP_TILE.filter),
  tileTransformFunction('winogradDyWindow', TAP_TILE.filter, 'loads'),
  tileTransformFunction('winogradTaps', TAP_TILE.outputT),
];
