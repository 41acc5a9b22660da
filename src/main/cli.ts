// Command-line front end over the same engine the app uses. Every command takes --json
// (exactly one JSON document on stdout) and exits non-zero with a one-line error on bad input.
import { AppError, toErrorData } from '../shared/errors.ts';
import { parseArgs } from './cli/args.ts';
import type { CliCommand } from './cli/command.ts';
import { commands } from './cli/commands/index.ts';

const booleanFlags = new Set(['json', 'help', 'version', 'force']);

function findCommand(words: string[]): { command: CliCommand; rest: string[] } | undefined {
  const two = words.slice(0, 2).join(' ');
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: words.slice(2) };
  const byOne = commands.find((c) => c.name === words[0]);
  return byOne ? { command: byOne, rest: words.slice(1) } : undefined;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return ['AMR Studio command line', '', ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const write = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
  try {
    const words = argv.includes('--version') ? ['version', ...argv.filter((a) => a !== '--version')] : argv;
    if (words.length === 0 || words[0] === 'help' || words[0] === '--help') {
      write(json ? JSON.stringify({ commands: commands.map((c) => ({ name: c.name, usage: c.usage, summary: c.summary })) }) : helpText());
      return 0;
    }
    const found = findCommand(words);
    if (!found) throw new AppError('VALIDATION', `unknown command '${words[0]}' (try: amr-studio help)`);
    const args = parseArgs(found.rest, booleanFlags);
    if (args.flags.help) {
      write(found.command.usage);
      return 0;
    }
    const out = await found.command.run(args, (line) => {
      if (!json) process.stderr.write(line + '\n');
    });
    write(json ? JSON.stringify(out.json) : out.text);
    return 0;
  } catch (err) {
    const data = toErrorData(err);
    if (json) write(JSON.stringify({ error: data }));
    process.stderr.write(`amr-studio: ${data.code}: ${data.message.split('\n')[0]}\n`);
    return data.code === 'VALIDATION' ? 2 : 1;
  }
}
