import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../builtins.js';
import { buildPayload } from '../payload.js';
import { factor, makeAlert, makeIncident } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { escapeSlack, slackMessage, type SlackBlock, type SlackMessage } from './slack.js';

const incident = makeIncident({ id: 12, severity: 'CRITICAL', title: 'DB errors <primary> & pool', services: ['db', 'web'] });
const alerts = [makeAlert({ factors: [factor('error ratio 80% (normal 1%)', 0.9), factor('new template "No space left"', 0.6)] })];

const block = <K extends SlackBlock['type']>(message: SlackMessage, type: K): Extract<SlackBlock, { type: K }> | undefined =>
  message.blocks.find((b): b is Extract<SlackBlock, { type: K }> => b.type === type);

const sections = (message: SlackMessage): Extract<SlackBlock, { type: 'section' }>[] =>
  message.blocks.filter((b): b is Extract<SlackBlock, { type: 'section' }> => b.type === 'section');

describe('slackMessage', () => {
  const message = slackMessage(buildPayload(incident, alerts, { linkTemplate: 'https://lt.example.com/incidents/{id}' }));

  it('has a fallback text with severity, title, services and link, escaped', () => {
    expect(message.text).toBe('[CRITICAL] DB errors &lt;primary&gt; &amp; pool (db, web) https://lt.example.com/incidents/12');
  });

  it('has a header with the severity, fields, the top factors, and a button to the incident', () => {
    expect(block(message, 'header')?.text.text).toBe(':rotating_light: CRITICAL: DB errors <primary> & pool');
    const fields = sections(message).find((b) => b.fields)?.fields?.map((f) => f.text);
    expect(fields?.slice(0, 3)).toEqual(['*Severity*\nCRITICAL', '*Services*\ndb, web', '*Alerts*\n1']);
    const why = sections(message).find((b) => b.text)?.text?.text;
    expect(why).toBe('*Why*\n• error ratio 80% (normal 1%)\n• new template "No space left"');
    expect(block(message, 'actions')?.elements[0].url).toBe('https://lt.example.com/incidents/12');
  });

  it('leaves out the factors section and the button when there is nothing to show', () => {
    const bare = slackMessage(buildPayload(makeIncident(), []));
    expect(sections(bare).some((b) => b.text)).toBe(false);
    expect(block(bare, 'actions')).toBeUndefined();
  });

  it('escapes Slack control characters in mrkdwn', () => {
    expect(escapeSlack('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    const withMarkup = slackMessage(
      buildPayload(makeIncident({ title: '<!here> disk', services: ['<@U1>'] }), [makeAlert({ factors: [factor('<!channel> ping', 1)] })]),
    );
    const mrkdwn = JSON.stringify(withMarkup.blocks.filter((b) => b.type !== 'header')) + withMarkup.text;
    for (const markup of ['<!channel>', '<!here>', '<@U1>']) expect(mrkdwn).not.toContain(markup);
  });
});

describe('slack channel', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => receiver?.close());

  it('posts the message to the incoming webhook', async () => {
    receiver = await startReceiver();
    const built = createDefaultRegistry().build({ name: 'chat', type: 'slack', url: receiver.url });
    if (built.kind === 'error') throw new Error(built.message);
    const payload = buildPayload(incident, alerts);
    expect(await built.channel.send(payload, { deliveryId: 1, attempt: 1 })).toEqual({ kind: 'sent' });
    expect(JSON.parse(receiver.received[0].body)).toEqual(slackMessage(payload));
  });
});
