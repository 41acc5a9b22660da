// Imported ahead of Jazzer.js by the fuzz runner's child processes (see older-glibc.ts).
import { resolve } from 'node:path';
import { loadJazzerAddonOnOlderGlibc } from './older-glibc.ts';

loadJazzerAddonOnOlderGlibc(resolve(import.meta.dirname, '../../../test-output/fuzz/jazzer/native'));
