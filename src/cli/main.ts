/**
 * logtrack: the command line face of the core. Each command lives in commands/<name>.ts and only
 * calls the core; this file wires them and turns every failure into one sentence and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './common.js';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('logtrack')
    .description('Log anomaly detection and alerting: decode, mine templates, store, detect, explain, notify.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its message (help and version exit with code 0).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`logtrack: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`logtrack: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.LOGTRACK_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    return 1;
  }
}
