import { AppError } from '../../shared/errors.ts';
import type { ParsedArgs } from './command.ts';

/** Splits argv into positionals and --flags (`--name value`, `--name=value`, bare `--flag`). */
export function parseArgs(argv: string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word === '--') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      flags[word.slice(2, eq)] = word.slice(eq + 1);
      continue;
    }
    const name = word.slice(2);
    const next = argv[i + 1];
    // A value may start with '-' (e.g. --snr -20:18:2) but never with '--'.
    if (booleanFlags.has(name) || next === undefined || next.startsWith('--')) {
      flags[name] = true;
    } else {
      flags[name] = next;
      i++;
    }
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AppError('VALIDATION', `--${name} needs a value`);
  return v;
}

export function numberFlag(args: ParsedArgs, name: string, fallback?: number): number {
  const v = stringFlag(args, name);
  if (v === undefined) {
    if (fallback === undefined) throw new AppError('VALIDATION', `--${name} is required`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) throw new AppError('VALIDATION', `--${name} must be a number, got '${v}'`);
  return n;
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new AppError('VALIDATION', `missing ${what}`);
  return v;
}
