// A job's config arrives as plain JSON (from the UI, the CLI or a resumed job row): every kind
// validates it with its own schema before doing any work.
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

export function parseJobConfig<T>(schema: z.ZodType<T>, config: unknown, kind: string): T {
  const parsed = schema.safeParse(config);
  if (!parsed.success) throw new AppError('VALIDATION', `${kind} job config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
