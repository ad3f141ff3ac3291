import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { parseSessionKey } from '../../detect/ml/sessions.js';
import type { TrainProgress } from '../../detect/ml/train.js';
import type { TrainOptions } from '../../detect/ml/train-options.js';
import type { Sensitivity } from '../../detect/ml/threshold.js';
import { ingest } from '../../pipeline/ingest.js';
import { saveTrainedModel, trainFromStore } from '../../pipeline/train.js';
import { InputError, resolveInputs } from '../../sources/inputs.js';
import { addFormatOptions, CliError, dbOption, formatOptions, notice, parsePositiveInt, printJson, usageError, withStore, type FormatFlags } from '../common.js';

interface TrainFlags extends FormatFlags {
  db?: string;
  input?: string[];
  days?: string;
  output: string;
  contamination?: string;
  sensitivity?: Sensitivity;
  sequenceLength: string;
  epochs: string;
  sessionKey?: string;
  lstm: boolean;
  seed: string;
  json?: boolean;
}

export function registerTrain(program: Command): void {
  addFormatOptions(
    program
      .command('train')
      .description('learn "normal" from historical logs: features, Isolation Forest, LSTM autoencoder, sequence model, thresholds; saves a model folder')
      .option('--input <files...>', 'logs to learn from (ingested into --db first); without it, the records already stored are used')
      .requiredOption('--output <dir>', 'the model folder to write'),
  )
    .addOption(dbOption())
    .option('--days <n>', 'learn from the last N days of data')
    .option('--contamination <fraction>', 'target false-positive rate on held-out normal data (e.g. 0.01); overrides --sensitivity')
    .option('--sensitivity <level>', 'low (0.1% FPR), medium (1%) or high (5%)', 'medium')
    .option('--sequence-length <n>', 'events per LSTM sequence', '20')
    .option('--epochs <n>', 'LSTM training epochs', '8')
    .option('--session-key <regex>', 'group records into sessions by this pattern (e.g. "blk_-?\\d+"), field:NAME, or service (default)')
    .option('--no-lstm', 'leave the LSTM autoencoder out (faster)')
    .option('--seed <n>', 'random seed', '1')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: TrainFlags) => {
      const options = trainOptions(flags);
      const result = await withStore(flags.db, async (store) => {
        if (flags.input?.length) {
          const files = await resolveInputs(flags.input).catch((err: unknown) => {
            throw err instanceof InputError ? usageError(err.message) : err;
          });
          const summary = await ingest(store, files, { ...formatOptions(flags), onNotice: flags.json ? undefined : notice });
          if (!flags.json) notice(`ingested ${summary.recordsStored} new records (${summary.rejected} rejected)`);
        }
        const progress = trainProgress(!flags.json);
        try {
          return await trainFromStore(store, { days: flags.days ? Number(flags.days) : undefined, options, onProgress: progress.update });
        } finally {
          progress.stop();
        }
      });
      if (!result.ok) throw new CliError(result.reason);
      await saveTrainedModel(flags.output, result.model);
      const meta = result.model.meta;
      const summary = {
        output: flags.output, records: result.records, excludedAnomalous: result.excluded, heldOut: meta.trainedOn.heldOut, sessions: meta.trainedOn.sessions,
        lstm: result.model.lstm !== null, sequenceModel: result.model.sequence !== null,
      };
      if (flags.json) return printJson(summary);
      process.stdout.write(
        `Trained on ${summary.records} records (${summary.heldOut} held out for thresholds, ${summary.excludedAnomalous} alert evidence lines left out) ` +
          `in ${summary.sessions} sessions; LSTM ${summary.lstm ? 'on' : 'off'}.\nModel saved to ${flags.output}\n`,
      );
      // Order is learned within sessions only (a service's stream interleaves independent work).
      if (summary.sessions === 0) notice('no sessions, so the order of events is not learned; to learn it, name what ties a request or job together with --session-key (e.g. field:requestId, or a regex such as "blk_-?\\d+")');
    });
}

function trainOptions(flags: TrainFlags): Partial<TrainOptions> {
  const options: Partial<TrainOptions> = { seed: parsePositiveInt(flags.seed, '--seed') };
  if (flags.days !== undefined && !(Number(flags.days) > 0)) throw usageError(`--days must be a positive number, got "${flags.days}"`);
  if (flags.sensitivity) {
    if (!['low', 'medium', 'high'].includes(flags.sensitivity)) throw usageError(`--sensitivity must be low, medium or high, got "${flags.sensitivity}"`);
    options.sensitivity = flags.sensitivity;
  }
  if (flags.contamination !== undefined) {
    const c = Number(flags.contamination);
    if (!(c > 0 && c < 0.5)) throw usageError(`--contamination must be a fraction between 0 and 0.5, got "${flags.contamination}"`);
    options.fpr = c;
  }
  if (flags.sessionKey) {
    const key = parseSessionKey(flags.sessionKey);
    if (!key.ok) throw usageError(key.reason);
    options.sessionKey = key.key;
  }
  options.lstm = flags.lstm
    ? { timesteps: parsePositiveInt(flags.sequenceLength, '--sequence-length'), epochs: parsePositiveInt(flags.epochs, '--epochs') }
    : false;
  return options;
}

/** Stage lines, and a bar for the LSTM epochs, on a TTY. */
function trainProgress(enabled: boolean): { update: (p: TrainProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const tty = process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let last = '';
  return {
    update(p) {
      if (p.stage === 'lstm') {
        const { epoch, epochs } = p.progress;
        if (tty) {
          bar ??= new cliProgress.SingleBar({ format: 'LSTM [{bar}] epoch {value}/{total} {duration}s', stream: process.stderr }, cliProgress.Presets.shades_classic);
          if (!bar.isActive) bar.start(epochs, 0);
          bar.update(epoch);
        }
        return;
      }
      if (p.stage !== last) notice(`training: ${p.stage}${'records' in p ? ` (${p.records} records)` : ''}`);
      last = p.stage;
    },
    stop: () => bar?.stop(),
  };
}
