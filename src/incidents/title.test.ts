import { describe, expect, it } from 'vitest';
import { humaniseTemplate, incidentTitle } from './title.js';

describe('humaniseTemplate', () => {
  it('turns wildcards into ellipses, collapsing runs of them', () => {
    expect(humaniseTemplate('<*> <*> Connection refused to <IP>:<*>')).toBe('… Connection refused to <IP>:…');
  });

  it('squeezes whitespace and cuts long texts at a word boundary', () => {
    const text = humaniseTemplate('Block   <*> replicated to datanode <*> after retrying the pipeline recovery for the third time', 40);
    expect(text).toBe('Block … replicated to datanode … after…');
    expect(text.length).toBeLessThanOrEqual(40);
  });
});

describe('incidentTitle', () => {
  const templates = new Map([
    [1, { name: 'Database connectivity', text: 'Connection refused to <*>', service: 'pay' }],
    [2, { name: null, text: 'Timeout calling <*>', service: 'pay' }],
  ]);

  it('prefers the template name, then service and template text, then the rule and its scope', () => {
    expect(incidentTitle({ ruleName: 'ml', scope: { templateId: 1 } }, templates)).toBe('Database connectivity');
    expect(incidentTitle({ ruleName: 'ml', scope: { templateId: 2 } }, templates)).toBe('pay: Timeout calling …');
    expect(incidentTitle({ ruleName: 'Failed logins', scope: { user: 'alice', service: 'auth' } }, templates)).toBe('Failed logins for alice on auth');
    expect(incidentTitle({ ruleName: 'Host down', scope: { host: 'node-3', templateId: 99 } }, templates)).toBe('Host down on node-3');
  });
});

describe('titles from evidence', () => {
  const templates = new Map([[7, { name: null, text: 'Could not connect to primary <IP>:<NUM>: connection refused', service: 'db' }]]);

  it('an alert about a service only takes the template most of its error lines share', () => {
    expect(incidentTitle({ ruleName: 'error-ratio', scope: { service: 'db' } }, templates, 7)).toBe('db: Could not connect to primary <IP>:<NUM>: connection refused');
  });

  it('keeps the rule and scope for alerts about a user or an address, or with no shared template', () => {
    expect(incidentTitle({ ruleName: 'ssh-bruteforce', scope: { ip: '203.0.113.7', service: 'auth' } }, templates, 7)).toBe('ssh-bruteforce from 203.0.113.7 on auth');
    expect(incidentTitle({ ruleName: 'error-ratio', scope: { service: 'db' } }, templates)).toBe('error-ratio on db');
  });
});
