/**
 * `logtrack init`: create the database (or bring its schema up to date) and load the starter
 * rules. Safe to run again: rules whose names exist are kept as they are.
 */
import type { Command } from 'commander';
import { STARTER_RULES_PATH } from '../../detect/rules/load.js';
import { dbOption, printJson, redact, withStore } from '../common.js';
import { describeImport, importRules, rulesFromSource } from './rules.js';

interface InitFlags {
  db?: string;
  rules?: string;
  json?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create the database and load the starter rules (running it again adds only rules not there yet)')
    .addOption(dbOption())
    .option('--rules <file>', 'load this rules file (YAML or JSON, - for standard input) instead of the starter rules')
    .option('--json', 'print what happened as JSON')
    .action(async (flags: InitFlags) => {
      const source = flags.rules ?? STARTER_RULES_PATH;
      const drafts = await rulesFromSource(source);
      const { location, backend, steps } = await withStore(flags.db, async (store) => ({
        location: store.location,
        backend: store.backend,
        steps: await importRules(store, drafts, { replace: false }),
      }));
      if (flags.json) return printJson({ database: { location: redact(location), backend }, rulesFile: source, rules: steps.map((s) => ({ kind: s.kind, name: s.rule.name })) });
      process.stdout.write(`database ready: ${redact(location)} (${backend})\nrules from ${source}:\n${describeImport(steps, { replaceHint: false })}`);
    });
}
