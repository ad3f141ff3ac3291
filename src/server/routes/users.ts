/** Accounts (admins only) and API tokens (each user their own; admins everyone's). */
import { API_PREFIX, IdParams, TokenCreateBody, UserCreateBody, UserPatchBody } from '../../api/schemas.js';
import type { TokenCreated, TokenView, UserView } from '../../api/types.js';
import { changeAccount, createAccount, deleteAccount, issueToken } from '../auth/accounts.js';
import { endpoint, signedIn, type AnyEndpoint } from '../endpoint.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { tokenView, userView } from './views.js';

export function userEndpoints(): AnyEndpoint[] {
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/users`, tag: 'users', access: 'admin',
      summary: 'Every account',
      async handle({ options }): Promise<UserView[]> {
        return (await options.store.listUsers()).map(userView);
      },
    }),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/users`, tag: 'users', access: 'admin',
      summary: 'Create an account',
      body: UserCreateBody,
      async handle({ body, options, reply }): Promise<UserView> {
        const outcome = await createAccount(options.store, body);
        if (outcome.kind === 'exists') throw conflict(`a user named "${outcome.name}" exists already`);
        if (outcome.kind === 'invalid') throw badRequest(outcome.message);
        reply.code(201);
        return userView(outcome.user);
      },
    }),
    endpoint({
      method: 'PATCH', path: `${API_PREFIX}/users/:id`, tag: 'users', access: 'admin',
      summary: "Change an account's role or password",
      params: IdParams,
      body: UserPatchBody,
      async handle({ params, body, options }): Promise<UserView> {
        const outcome = await changeAccount(options.store, params.id, body);
        if (outcome.kind === 'not_found') throw notFound(`user ${params.id}`);
        if (outcome.kind === 'invalid') throw badRequest(outcome.message);
        return userView(outcome.user);
      },
    }),
    endpoint({
      method: 'DELETE', path: `${API_PREFIX}/users/:id`, tag: 'users', access: 'admin',
      summary: 'Delete an account, its sessions and its tokens (never the last admin)',
      params: IdParams,
      async handle({ params, options }) {
        const outcome = await deleteAccount(options.store, params.id);
        if (outcome.kind === 'not_found') throw notFound(`user ${params.id}`);
        if (outcome.kind === 'last_admin') throw conflict(`${outcome.name} is the last admin and cannot be deleted`);
        return { deleted: params.id };
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/tokens`, tag: 'tokens', access: 'viewer',
      summary: 'API tokens: your own (admins: everyone’s)',
      async handle({ caller, options }): Promise<TokenView[]> {
        const who = signedIn(caller);
        const tokens = await options.store.listApiTokens(who.user.role === 'admin' ? undefined : who.user.id);
        return tokens.map(tokenView);
      },
    }),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/tokens`, tag: 'tokens', access: 'viewer',
      summary: 'Create an API token for yourself; the response is the only time it is shown',
      body: TokenCreateBody,
      async handle({ body, caller, options, reply }): Promise<TokenCreated> {
        const who = signedIn(caller);
        const outcome = await issueToken(options.store, { userName: who.user.name, name: body.name });
        if (outcome.kind === 'not_found') throw notFound(`user ${who.user.name}`);
        reply.code(201);
        return { ...tokenView(outcome.record), token: outcome.token };
      },
    }),
    endpoint({
      method: 'DELETE', path: `${API_PREFIX}/tokens/:id`, tag: 'tokens', access: 'viewer',
      summary: 'Revoke an API token (your own; admins any)',
      params: IdParams,
      async handle({ params, caller, options }) {
        const who = signedIn(caller);
        const token = (await options.store.listApiTokens()).find((t) => t.id === params.id);
        if (!token) throw notFound(`token ${params.id}`);
        if (token.userId !== who.user.id && who.user.role !== 'admin') throw new ApiError(403, 'this token belongs to another user');
        await options.store.deleteApiToken(params.id);
        return { deleted: params.id };
      },
    }),
  ];
}
