// What every CLI command implements. Commands live one per file in ./commands and are listed
// in ./commands/index.ts; the runner (../cli.ts) parses argv, handles --json and errors.

export interface ParsedArgs {
  /** words after the command name, e.g. the project path */
  positionals: string[];
  /** --name value → 'value'; bare --flag → true */
  flags: Record<string, string | boolean>;
}

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
  usage: string;
  /** progress lines go to stderr through this, never to stdout (stdout is the JSON document) */
  run(args: ParsedArgs, log: (line: string) => void): Promise<CommandOutput>;
}
