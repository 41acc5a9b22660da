import { AppError } from '../../shared/errors.ts';
import { closestName } from './closest-name.ts';
import type { CommandOptions, ParsedArgs } from './command.ts';

const switchWords: Readonly<Record<string, boolean>> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

function unknownOption(name: string, options: CommandOptions, command: string): AppError {
  const near = closestName(name, Object.keys(options));
  const known = Object.keys(options)
    .sort()
    .map((o) => `--${o}`)
    .join(' ');
  return new AppError('VALIDATION', `unknown option --${name} for '${command}'${near ? `; did you mean --${near}?` : `; its options: ${known}`}`);
}

/**
 * Splits argv into positionals and --flags (`--name value`, `--name=value`, bare `--switch`),
 * refusing any option the command does not declare, a value option without its value, and a
 * switch given a value other than true/false.
 */
export function parseArgs(argv: string[], options: CommandOptions, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word === '--') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq > 0 ? word.slice(2, eq) : word.slice(2);
    const kind = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!kind) throw unknownOption(name, options, command);
    if (kind === 'switch') {
      if (eq < 0) {
        flags[name] = true;
        continue;
      }
      const value = switchWords[word.slice(eq + 1).toLowerCase()];
      if (value === undefined) throw new AppError('VALIDATION', `--${name} is a switch: give it alone, or =true / =false, not '${word.slice(eq + 1)}'`);
      flags[name] = value;
      continue;
    }
    if (eq > 0) {
      flags[name] = word.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    // A value may start with '-' (e.g. --snr -20:18:2) but never with '--'.
    if (next === undefined || next.startsWith('--')) throw new AppError('VALIDATION', `--${name} needs a value`);
    flags[name] = next;
    i++;
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

/** A number flag that may be left out: undefined then. */
export function optionalNumberFlag(args: ParsedArgs, name: string): number | undefined {
  return stringFlag(args, name) === undefined ? undefined : numberFlag(args, name);
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new AppError('VALIDATION', `missing ${what}`);
  return v;
}
