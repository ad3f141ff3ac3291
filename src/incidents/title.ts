/** Incident titles: a human name for what the incident is about. Pure. */
import type { AlertDraft, Template } from '../domain/index.js';

export type TitleTemplate = Pick<Template, 'name' | 'text' | 'service'>;

export const TITLE_MAX_LENGTH = 60;

/**
 * A template text made readable: wildcards become "…", runs of wildcards collapse into one,
 * whitespace is squeezed, and long texts are cut at a word boundary.
 * "<*> <*> Connection refused to <IP>:<*>" → "… Connection refused to <IP>:…"
 */
export function humaniseTemplate(text: string, maxLength = TITLE_MAX_LENGTH): string {
  const readable = text
    .replace(/<\*>/g, '…')
    .replace(/…(?:\s*…)+/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(readable, maxLength);
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const head = text.slice(0, maxLength - 1);
  const cut = head.lastIndexOf(' ');
  return `${(cut > maxLength / 2 ? head.slice(0, cut) : head).trimEnd()}…`;
}

/**
 * Title from an incident's leading alert: the template's human name when it has one
 * ("Database connectivity"), else "service: humanised template text", else the rule name
 * with the scope it fired on ("Failed logins for alice on auth-svc"). An alert about no template
 * and no user or address (an error ratio on a service) takes `evidenceTemplateId`, the template
 * most of its error lines share, when there is one.
 */
export function incidentTitle(
  lead: Pick<AlertDraft, 'ruleName' | 'scope'>,
  templates: ReadonlyMap<number, TitleTemplate>,
  evidenceTemplateId?: number,
): string {
  const { scope } = lead;
  const named = scope.templateId ?? (scope.user === undefined && scope.ip === undefined ? evidenceTemplateId : undefined);
  const template = named === undefined ? undefined : templates.get(named);
  if (template?.name) return template.name;
  if (template) {
    const service = scope.service ?? template.service;
    const text = humaniseTemplate(template.text);
    return service ? `${service}: ${text}` : text;
  }
  const where = [
    scope.user ? `for ${scope.user}` : '',
    scope.ip ? `from ${scope.ip}` : '',
    scope.service ? `on ${scope.service}` : scope.host ? `on ${scope.host}` : '',
  ].filter(Boolean);
  return truncate([lead.ruleName, ...where].join(' '), TITLE_MAX_LENGTH * 2);
}
