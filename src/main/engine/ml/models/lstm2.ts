// LSTM2: LSTM(128) → LSTM(64) → dense C, over the I/Q sequence.
import { recurrent2 } from './recurrent2.ts';

export const lstm2 = recurrent2('lstm', 'LSTM2');
