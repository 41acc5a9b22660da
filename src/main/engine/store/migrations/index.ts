// Every schema step, in order. A new step is a new numbered file added at the end of this list.
import type { Migration } from './migration.ts';
import { migration as initial } from './001_initial.ts';
import { migration as checkpoints } from './002_checkpoints.ts';

export const migrations: readonly Migration[] = [initial, checkpoints];

export const latestSchemaVersion = migrations.length;
