// amr-studio import <project> <file>: import one file into a project, as a job in a worker
// process like the app's imports. Flags other than the command's own become importer options
// (--window-length 256 → windowLength: '256'); each importer validates and converts its own.
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { listImporters, type ImportProgress } from '../../engine/io/registry.ts';
import type { ImportJobResult } from '../../engine/jobs/kinds/import.ts';
import { requirePositional, stringFlag } from '../args.ts';
import type { CliCommand, CommandOptions, OptionKind, ParsedArgs } from '../command.ts';
import { runForegroundJob } from '../foreground-job.ts';

const ownOptions: CommandOptions = { format: 'value', name: 'value', options: 'value', 'on-duplicate': 'value' };
const commonFlags = new Set(['json', 'help']);

function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function kebabCase(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The command's own options and every importer's, as the command line spells them. */
function allOptions(): CommandOptions {
  const options: Record<string, OptionKind> = { ...ownOptions };
  for (const importer of listImporters()) {
    for (const [name, kind] of Object.entries(importer.options)) options[kebabCase(name)] = kind;
  }
  return options;
}

function importerOptionsUsage(): string {
  return listImporters()
    .filter((i) => Object.keys(i.options).length > 0)
    .map((i) => `  ${i.id}: ${Object.keys(i.options).map((o) => `--${kebabCase(o)}`).join(' ')}`)
    .join('\n');
}

/** --options '{…}' merged with every other flag, the flags winning. */
function importerOptions(args: ParsedArgs): Record<string, unknown> {
  let options: Record<string, unknown> = {};
  const raw = stringFlag(args, 'options');
  if (raw !== undefined) {
    try {
      options = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new AppError('VALIDATION', `--options must be a JSON object, got '${raw}'`);
    }
    if (!options || typeof options !== 'object' || Array.isArray(options)) {
      throw new AppError('VALIDATION', `--options must be a JSON object, got '${raw}'`);
    }
  }
  for (const [flag, value] of Object.entries(args.flags)) {
    if (!Object.hasOwn(ownOptions, flag) && !commonFlags.has(flag)) options[camelCase(flag)] = value;
  }
  return options;
}

/** One log line per phase and per tenth of the way, not one per batch. */
function importProgressLines(log: (line: string) => void): (p: ImportProgress) => void {
  let phase = '';
  let tenth = -1;
  return (p) => {
    const t = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 0;
    if (p.phase === phase && t === tenth) return;
    phase = p.phase;
    tenth = t;
    log(`${p.phase}: ${p.done}/${p.total}`);
  };
}

export const command: CliCommand = {
  name: 'import',
  summary: 'import a RadioML HDF5, SigMF, raw I/Q or NumPy file into a project',
  get usage() {
    const formats = listImporters()
      .map((i) => i.id)
      .join('|');
    return `amr-studio import <file.amrproj> <data-file> [--format ${formats}] [--name NAME] [--on-duplicate reuse|error] [--options JSON] [--OPTION VALUE …] [--json]\nformat options:\n${importerOptionsUsage()}`;
  },
  get options() {
    return allOptions();
  },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const path = requirePositional(args, 1, 'file to import');
    const onDuplicate = stringFlag(args, 'on-duplicate') ?? 'reuse';
    if (onDuplicate !== 'reuse' && onDuplicate !== 'error') {
      throw new AppError('VALIDATION', `--on-duplicate must be reuse or error, got '${onDuplicate}'`);
    }
    const config = { path, format: stringFlag(args, 'format'), name: stringFlag(args, 'name'), options: importerOptions(args), onDuplicate };
    const engine = createEngine({ projectPath, log });
    try {
      const job = await runForegroundJob(engine, 'import', config, importProgressLines(log));
      const result = job.result as unknown as ImportJobResult;
      const d = engine.store.getDataset(result.datasetId);
      for (const w of result.warnings) log(`warning: ${w}`);
      const json = {
        id: d.id,
        name: d.name,
        format: d.format,
        count: d.count,
        length: d.length,
        classes: d.classes,
        snrs: d.snrs,
        reused: result.reused,
        seconds: result.seconds,
        warnings: result.warnings,
      };
      const verb = result.reused ? 'already imported as' : 'imported';
      const text = [
        `${verb} dataset #${d.id} "${d.name}" (${d.format}): ${d.count} samples × 2 × ${d.length}`,
        `classes (${d.classes.length}): ${d.classes.join(', ') || '(unlabelled)'}`,
        `SNRs (dB): ${d.snrs.length ? d.snrs.join(', ') : 'unknown'}`,
        `time: ${result.seconds.toFixed(2)} s`,
      ].join('\n');
      return { json, text };
    } finally {
      await engine.dispose();
    }
  },
};
