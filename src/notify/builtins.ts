import { commandChannel } from './channels/command.js';
import { slackChannel } from './channels/slack.js';
import { webhookChannel } from './channels/webhook.js';
import { createChannelRegistry, type ChannelFactory, type ChannelRegistry } from './registry.js';

/** A registry holding the built-in channel types: webhook, slack, command. */
export function createDefaultRegistry(): ChannelRegistry {
  const registry = createChannelRegistry();
  registry.register('webhook', webhookChannel);
  registry.register('slack', slackChannel);
  registry.register('command', commandChannel);
  return registry;
}

/** The process-wide registry config files are read with: the built-ins plus whatever plugins register. */
export const channelRegistry = createDefaultRegistry();

/** Add a channel type to the process-wide registry (config files can then use `type: <type>`). */
export function registerChannel<O>(type: string, factory: ChannelFactory<O>): void {
  channelRegistry.register(type, factory);
}
