// amr-studio generate <project> --preset rml2016 --per-key N --snr -20:18:2 --seed S [--length 128]
// [--classes A,B] [--name NAME]: writes a synthetic RadioML-style dataset into a project
// (created when missing). SNR grid and length default to the preset's own.
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { writeGeneratedDataset } from '../../engine/dsp/synth/write.ts';
import { presetNames, RML2016_SNRS, RML2018_SNRS, type PresetName } from '../../engine/dsp/synth/presets.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';

/** 'from:to:step' with `to` included (−20:18:2 → −20, −18, …, 18), or a comma list. */
export function parseSnrList(text: string): number[] {
  if (text.includes(':')) {
    const parts = text.split(':').map(Number);
    if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v)) || parts[2]! <= 0 || parts[1]! < parts[0]!) {
      throw new AppError('VALIDATION', `--snr must be from:to:step with step > 0 and to ≥ from, got '${text}'`);
    }
    const [from, to, step] = parts as [number, number, number];
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    return Array.from({ length: count }, (_, k) => from + k * step);
  }
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new AppError('VALIDATION', `--snr must be from:to:step or a comma list of dB values, got '${text}'`);
  return values;
}

export const command: CliCommand = {
  name: 'generate',
  summary: 'generate a synthetic RadioML-style dataset into a project',
  usage: 'amr-studio generate <file.amrproj> --per-key N [--preset rml2016|rml2018] [--snr -20:18:2] [--seed 2016] [--length 128|1024] [--classes A,B] [--name NAME] [--json]',
  options: { 'per-key': 'value', preset: 'value', snr: 'value', seed: 'value', length: 'value', classes: 'value', name: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const preset = stringFlag(args, 'preset') ?? 'rml2016';
    if (!(presetNames as readonly string[]).includes(preset)) {
      throw new AppError('VALIDATION', `--preset must be one of ${presetNames.join(', ')}, got '${preset}'`);
    }
    const isRml2018 = preset === 'rml2018';
    const snrText = stringFlag(args, 'snr');
    const config = {
      preset: preset as PresetName,
      classes: stringFlag(args, 'classes')?.split(',').map((c) => c.trim()),
      snrs: snrText === undefined ? [...(isRml2018 ? RML2018_SNRS : RML2016_SNRS)] : parseSnrList(snrText),
      perKey: numberFlag(args, 'per-key'),
      length: numberFlag(args, 'length', isRml2018 ? 1024 : 128),
      seed: numberFlag(args, 'seed', 2016),
    };
    const engine = createEngine({ projectPath, log, create: true });
    try {
      let lastTenth = -1;
      const started = performance.now();
      const dataset = await writeGeneratedDataset(engine.store, config, {
        name: stringFlag(args, 'name'),
        onProgress: (done, total) => {
          const tenth = Math.floor((10 * done) / total);
          if (tenth !== lastTenth) log(`generated ${done}/${total} vectors`);
          lastTenth = tenth;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      return {
        json: { dataset, seconds: +seconds.toFixed(3) },
        text: `dataset ${dataset.id} "${dataset.name}": ${dataset.count} vectors, ${dataset.classes.length} classes, SNR ${dataset.snrs[0]}…${dataset.snrs[dataset.snrs.length - 1]} dB (${seconds.toFixed(1)} s)`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
