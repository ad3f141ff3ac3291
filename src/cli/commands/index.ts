/** Every command, in the order `--help` lists them. */
import type { Command } from 'commander';
import { registerIngest } from './ingest.js';
import { registerLogs } from './logs.js';
import { registerTemplates } from './templates.js';
import { registerParse } from './parse.js';
import { registerSynth } from './synth.js';
import { registerWatch } from './watch.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';
import { registerInit } from './init.js';
import { registerRules } from './rules.js';
import { registerDetect } from './detect.js';
import { registerAlerts } from './alerts.js';
import { registerIncidents } from './incidents.js';
import { registerSilence } from './silence.js';
import { registerNotify } from './notify.js';
import { registerEval } from './eval.js';
import { registerDemo } from './demo.js';
import { registerTrain } from './train.js';
import { registerScan } from './scan.js';

export const COMMANDS: ((program: Command) => void)[] = [
  registerIngest,
  registerLogs,
  registerTemplates,
  registerParse,
  registerSynth,
  registerWatch,
  registerServe,
  registerUsers,
  registerInit,
  registerRules,
  registerDetect,
  registerAlerts,
  registerIncidents,
  registerSilence,
  registerNotify,
  registerEval,
  registerDemo,
  registerTrain,
  registerScan,
];
