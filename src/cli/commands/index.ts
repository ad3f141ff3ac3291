/** Every command, in the order `--help` lists them. */
import type { Command } from 'commander';
import { registerIngest } from './ingest.js';
import { registerLogs } from './logs.js';
import { registerTemplates } from './templates.js';
import { registerParse } from './parse.js';
import { registerSynth } from '../../synth/command.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';

export const COMMANDS: ((program: Command) => void)[] = [
  registerIngest,
  registerLogs,
  registerTemplates,
  registerParse,
  registerSynth,
  registerServe,
  registerUsers,
];
