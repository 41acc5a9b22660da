// Command words for a POSIX shell: what ssh hands to the remote shell and what an sbatch
// script runs must reach the program exactly as given, spaces and quotes included.
import { AppError } from '../../../shared/errors.ts';

/** One word, single-quoted unless it is made only of characters no shell treats specially. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Splits a command line the way a shell would for plain words and quotes (no expansions). */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (quote) throw new AppError('VALIDATION', `unbalanced ${quote} in the command '${line}'`);
  if (started) words.push(word);
  return words;
}
