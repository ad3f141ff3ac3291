/**
 * `logtrack notify`: check a notification config by sending a test message to each channel, and
 * see the state of deliveries (sent, pending a retry, failed) without leaving the terminal.
 */
import { Option, type Command } from 'commander';
import type { Incident } from '../../domain/index.js';
import { buildPayload, loadNotifyConfig, type Channel, type NotifyConfig, type SendOutcome } from '../../notify/index.js';
import type { Delivery, DeliveryStatus } from '../../store/store.js';
import { dbOption, formatTs, parsePositiveInt, printJson, table, usageError, withStore } from '../common.js';

export function registerNotify(program: Command): void {
  const notify = program.command('notify').description('notifications: send a test message to each channel, list deliveries');

  notify
    .command('test')
    .description('send a test message to every channel of a notification config (nothing is stored)')
    .requiredOption('--config <file>', 'notification config (YAML or JSON)')
    .option('--channel <name>', 'only this channel')
    .option('--json', 'print the outcome per channel as JSON')
    .action(async (flags: { config: string; channel?: string; json?: boolean }) => {
      const config = await readNotifyConfig(flags.config);
      const channels = flags.channel === undefined ? config.channels : config.channels.filter((c) => c.name === flags.channel);
      if (channels.length === 0) {
        throw usageError(flags.channel === undefined ? `${flags.config} defines no channels` : `${flags.config} has no channel named "${flags.channel}"`);
      }
      const results = await sendTest(channels, config);
      if (flags.json) printJson(results.map(({ channel, outcome }) => ({ channel: channel.name, type: channel.type, ...outcome })));
      else process.stdout.write(renderTestResults(results));
      if (results.some((r) => r.outcome.kind === 'failed')) process.exitCode = 1;
    });

  notify
    .command('deliveries')
    .description('notification deliveries, newest first: sent, pending a retry, or failed')
    .addOption(new Option('--status <status>', 'only deliveries in this state').choices(['pending', 'sent', 'failed']))
    .option('--incident <id>', 'only deliveries of this incident')
    .option('--limit <n>', 'at most this many', '50')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (flags: { db?: string; status?: DeliveryStatus; incident?: string; limit: string; json?: boolean }) => {
      const query = {
        status: flags.status,
        incidentId: flags.incident === undefined ? undefined : parsePositiveInt(flags.incident, '--incident'),
        limit: parsePositiveInt(flags.limit, '--limit'),
      };
      const rows = await withStore(flags.db, (store) => store.listDeliveries(query));
      if (flags.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderDeliveries(rows)}\n` : 'no deliveries match\n');
    });
}

/** The config, or exit 2 with the config's own one-sentence error. */
export async function readNotifyConfig(path: string): Promise<NotifyConfig> {
  const outcome = await loadNotifyConfig(path);
  if (outcome.kind === 'error') throw usageError(outcome.message);
  return outcome.config;
}

/** A made-up incident: the test message looks like a real one, and says it is a test. */
export function testIncident(now: number): Incident {
  return {
    id: 0, title: 'LogTrack test notification: this channel works', status: 'open', severity: 'LOW', start: now, end: now,
    services: ['logtrack'], templateIds: [], users: [], hosts: [], members: [], updatedAt: now, resolvedAt: null,
  };
}

interface TestResult {
  channel: Channel;
  outcome: SendOutcome;
}

async function sendTest(channels: readonly Channel[], config: NotifyConfig): Promise<TestResult[]> {
  const payload = buildPayload(testIncident(Date.now()), [], { linkTemplate: config.linkTemplate });
  return Promise.all(
    channels.map(async (channel) => {
      try {
        return { channel, outcome: await channel.send(payload, { deliveryId: 0, attempt: 1 }) };
      } catch (err) {
        return { channel, outcome: { kind: 'failed', error: `channel threw: ${(err as Error)?.message ?? String(err)}`, retryable: true } as const };
      }
    }),
  );
}

function renderTestResults(results: readonly TestResult[]): string {
  const line = ({ channel, outcome }: TestResult) =>
    `${channel.name} (${channel.type}): ${outcome.kind === 'sent' ? 'sent' : `FAILED: ${outcome.error}`}`;
  return `${results.map(line).join('\n')}\n`;
}

export function renderDeliveries(rows: readonly Delivery[]): string {
  const when = (d: Delivery) =>
    d.status === 'sent' && d.sentAt !== null ? `sent ${formatTs(d.sentAt)}` : d.status === 'pending' && d.nextAttemptAt !== null ? `retry ${formatTs(d.nextAttemptAt)}` : '-';
  return table(
    ['ID', 'CHANNEL', 'INCIDENT', 'STATUS', 'ATTEMPTS', 'CREATED', 'WHEN', 'LAST ERROR'],
    rows.map((d) => [d.id, d.channel, d.incidentId ?? '-', d.status, d.attempts, formatTs(d.createdAt), when(d), d.lastError ?? '-']),
  );
}
