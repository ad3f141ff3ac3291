/** Notifications: channels (a registry), routes, silences, repeat interval and retries. */
export * from './types.js';
export { buildPayload, topFactors } from './payload.js';
export { routeFor, type Route } from './routing.js';
export { applySilences, type SilenceOutcome } from './silence.js';
export { shouldNotify, type RepeatDecision } from './repeat.js';
export { afterFailure, nextBackoff, DEFAULT_BACKOFF, type BackoffOptions, type FailureDecision } from './backoff.js';
export { createChannelRegistry, type ChannelEntry, type ChannelEnv, type ChannelFactory, type ChannelRegistry } from './registry.js';
export { channelRegistry, createDefaultRegistry, registerChannel } from './builtins.js';
export { loadNotifyConfig, parseNotifyConfig, parseNotifyConfigText, type ConfigOutcome, type NotifyConfig } from './config.js';
export { createNotifier, DEFAULT_NOTIFIER, type ChannelResult, type Notifier, type NotifierOptions, type NotifyResult } from './notifier.js';
export { signBody, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER, ATTEMPT_HEADER } from './channels/webhook.js';
export { slackMessage, type SlackMessage } from './channels/slack.js';
export { incidentLine } from './channels/command.js';

