// What every CLI command implements. Commands live one per file in ./commands and are listed
// in ./commands/index.ts; the runner (../cli.ts) parses argv against the command's declared
// options (an undeclared one is an error naming the closest), handles --json and errors.

export interface ParsedArgs {
  /** words after the command name, e.g. the project path */
  positionals: string[];
  /** --name value → 'value'; bare --flag → true */
  flags: Record<string, string | boolean>;
}

/** 'value': `--name VALUE` or `--name=VALUE`; 'switch': a bare `--name` (or `--name=true|false`). */
export type OptionKind = 'value' | 'switch';

/** A command's options by name without the dashes; --json and --help are every command's. */
export type CommandOptions = Readonly<Record<string, OptionKind>>;

export interface CommandOutput {
  /** the one JSON document printed with --json */
  json: unknown;
  /** what a person reads without --json */
  text: string;
}

export interface CliCommand {
  /** one or two words: 'backends', 'project create' */
  name: string;
  summary: string;
  /** names every declared option as --name (a test checks both ways) */
  usage: string;
  options: CommandOptions;
  /** progress lines go to stderr through this, never to stdout (stdout is the JSON document) */
  run(args: ParsedArgs, log: (line: string) => void): Promise<CommandOutput>;
}
