// Command-line front end over the same engine the app uses. Every command takes --json
// (exactly one JSON document on stdout) and exits non-zero with a one-line error on bad input.
import { AppError, toErrorData } from '../shared/errors.ts';
import { parseArgs } from './cli/args.ts';
import type { CliCommand, CommandOptions } from './cli/command.ts';
import { commandLoaders } from './cli/commands/index.ts';

/** Every command's own options come with these. */
const commonOptions: CommandOptions = { json: 'switch', help: 'switch' };

async function findCommand(words: string[]): Promise<{ command: CliCommand; rest: string[] } | undefined> {
  const two = words.slice(0, 2).join(' ');
  const name = two in commandLoaders ? two : words[0]!;
  const load = commandLoaders[name];
  if (!load) return undefined;
  const { command } = await load();
  return { command, rest: words.slice(name.split(' ').length) };
}

async function allCommands(): Promise<CliCommand[]> {
  return Promise.all(Object.values(commandLoaders).map(async (load) => (await load()).command));
}

function helpText(commands: CliCommand[]): string {
  const lines = ['AMR Studio command line', ''];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const write = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
  try {
    const words = argv.includes('--version') ? ['version', ...argv.filter((a) => a !== '--version')] : argv;
    if (words.length === 0 || words[0] === 'help' || words[0] === '--help') {
      const commands = await allCommands();
      write(json ? JSON.stringify({ commands: commands.map((c) => ({ name: c.name, usage: c.usage, summary: c.summary })) }) : helpText(commands));
      return 0;
    }
    const found = await findCommand(words);
    if (!found) throw new AppError('VALIDATION', `unknown command '${words[0]}' (try: amr-studio help)`);
    const args = parseArgs(found.rest, { ...found.command.options, ...commonOptions }, found.command.name);
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
