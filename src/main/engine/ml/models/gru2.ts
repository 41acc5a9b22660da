// GRU2: GRU(128) → GRU(64) → dense C, over the I/Q sequence.
import { recurrent2 } from './recurrent2.ts';

export const gru2 = recurrent2('gru', 'GRU2');
