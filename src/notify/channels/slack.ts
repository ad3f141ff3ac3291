/** Slack-compatible incoming webhook: `{ text, blocks }` with severity, title, services, top factors and a link. */
import { z } from 'zod';
import type { Severity } from '../../domain/index.js';
import { postJson } from '../http.js';
import type { ChannelFactory } from '../registry.js';
import type { NotifyPayload } from '../types.js';
import { httpUrl, timeoutMs } from './options.js';

const options = z.strictObject({ url: httpUrl(), timeout_ms: timeoutMs() });

const EMOJI: Record<Severity, string> = {
  LOW: ':large_blue_circle:',
  MEDIUM: ':large_yellow_circle:',
  HIGH: ':red_circle:',
  CRITICAL: ':rotating_light:',
};

/** Slack's header blocks hold at most 150 characters. */
const HEADER_LIMIT = 150;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text?: { type: 'mrkdwn'; text: string }; fields?: { type: 'mrkdwn'; text: string }[] }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'actions'; elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string }[] };

/** `&`, `<` and `>` are control characters in Slack mrkdwn (the top-level `text` too); plain_text needs no escaping. */
export const escapeSlack = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Slack message for a payload. Pure. */
export function slackMessage(payload: NotifyPayload): SlackMessage {
  const { incident, alerts, topFactors, link } = payload;
  const services = incident.services.length ? incident.services.join(', ') : '—';
  const headline = `${incident.severity}: ${incident.title}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${EMOJI[incident.severity]} ${headline}`.slice(0, HEADER_LIMIT), emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${incident.severity}` },
        { type: 'mrkdwn', text: `*Services*\n${escapeSlack(services)}` },
        { type: 'mrkdwn', text: `*Alerts*\n${alerts.length}` },
        { type: 'mrkdwn', text: `*Since*\n<!date^${Math.floor(incident.start / 1000)}^{date_short_pretty} {time}|${new Date(incident.start).toISOString()}>` },
      ],
    },
  ];
  if (topFactors.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Why*\n${topFactors.map((f) => `• ${escapeSlack(f.text)}`).join('\n')}` } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `LogTrack incident #${incident.id} · ${incident.status}` }] });
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in LogTrack' }, url: link }] });
  return { text: escapeSlack(`[${incident.severity}] ${incident.title} (${services})${link ? ` ${link}` : ''}`), blocks };
}

export const slackChannel: ChannelFactory<z.output<typeof options>> = {
  description: 'post a message to a Slack-compatible incoming webhook',
  options,
  create: (name, opts) => ({
    name,
    type: 'slack',
    send: (payload) => postJson(opts.url, JSON.stringify(slackMessage(payload)), { timeoutMs: opts.timeout_ms }),
  }),
};
