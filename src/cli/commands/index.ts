/** Every command, in the order `--help` lists them. */
import type { Command } from 'commander';
import { registerIngest } from './ingest.js';
import { registerLogs } from './logs.js';

export const COMMANDS: ((program: Command) => void)[] = [registerIngest, registerLogs];
