/**
 * Detection rules: list, create, replace, enable/disable, delete (admins change them). The head
 * fields are checked by the API schema (so a 400 names the field); the type's parameters by the
 * rule parser the rules files use, so the API and the files accept exactly the same rules.
 */
import { z } from 'zod';
import { API_PREFIX, IdParams, RuleBody } from '../../api/schemas.js';
import type { RuleTypeInfo } from '../../api/types.js';
import { RULE_TYPES, type Rule, type RuleDraft } from '../../domain/index.js';
import { PARAM_SCHEMAS, parseRule } from '../../detect/rules/schema.js';
import type { Store } from '../../store/store.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { badRequest, conflict, notFound } from '../errors.js';

export function ruleEndpoints(): AnyEndpoint[] {
  const toggle = (enabled: boolean) =>
    endpoint({
      method: 'POST', path: `${API_PREFIX}/rules/:id/${enabled ? 'enable' : 'disable'}`, tag: 'rules', access: 'admin',
      summary: `${enabled ? 'Enable' : 'Disable'} a rule`,
      params: IdParams,
      async handle({ params, options }): Promise<Rule> {
        await requireRule(options.store, params.id);
        return (await options.store.updateRule(params.id, { enabled }))!;
      },
    });
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/rules`, tag: 'rules', access: 'viewer',
      summary: 'Every rule',
      async handle({ options }): Promise<Rule[]> {
        return options.store.listRules();
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/rules/types`, tag: 'rules', access: 'viewer',
      summary: 'Each rule type with the JSON Schema of its parameters and their defaults',
      async handle(): Promise<RuleTypeInfo[]> {
        return RULE_TYPES.map((type) => ({ type, params: z.toJSONSchema(PARAM_SCHEMAS[type], { io: 'input', unrepresentable: 'any' }) }));
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/rules/:id`, tag: 'rules', access: 'viewer',
      summary: 'One rule',
      params: IdParams,
      async handle({ params, options }): Promise<Rule> {
        return requireRule(options.store, params.id);
      },
    }),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/rules`, tag: 'rules', access: 'admin',
      summary: 'Create a rule (parameters checked against its type)',
      body: RuleBody,
      async handle({ body, options, reply }): Promise<Rule> {
        const draft = checkRule(body);
        if (await options.store.getRule(draft.name)) throw conflict(`a rule named "${draft.name}" exists already`);
        reply.code(201);
        return options.store.createRule(draft);
      },
    }),
    endpoint({
      method: 'PUT', path: `${API_PREFIX}/rules/:id`, tag: 'rules', access: 'admin',
      summary: 'Replace a rule',
      params: IdParams,
      body: RuleBody,
      async handle({ params, body, options }): Promise<Rule> {
        await requireRule(options.store, params.id);
        const draft = checkRule(body);
        const named = await options.store.getRule(draft.name);
        if (named && named.id !== params.id) throw conflict(`a rule named "${draft.name}" exists already`);
        // Replacing: a description left out is cleared.
        return (await options.store.updateRule(params.id, { ...draft, description: draft.description ?? '' }))!;
      },
    }),
    toggle(true),
    toggle(false),
    endpoint({
      method: 'DELETE', path: `${API_PREFIX}/rules/:id`, tag: 'rules', access: 'admin',
      summary: 'Delete a rule (its past alerts stay)',
      params: IdParams,
      async handle({ params, options }) {
        await requireRule(options.store, params.id);
        await options.store.deleteRule(params.id);
        return { deleted: params.id };
      },
    }),
  ];
}

/** The rule parser's verdict; its errors are about the parameters, the head having passed the schema. */
function checkRule(body: z.output<typeof RuleBody>): RuleDraft {
  const outcome = parseRule(body);
  if (outcome.kind === 'error') throw badRequest(outcome.message, 'params');
  return outcome.rule;
}

async function requireRule(store: Store, id: number): Promise<Rule> {
  const rule = await store.getRule(id);
  if (!rule) throw notFound(`rule ${id}`);
  return rule;
}
