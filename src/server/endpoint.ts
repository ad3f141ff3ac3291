/**
 * An endpoint is data: method, path, who may call it, and zod schemas for its params, query and
 * body, plus a thin handler. `mountEndpoints` turns the list into Fastify routes that identify
 * the caller, decide access, and validate at the edge; openapi.ts documents the same list.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { firstError } from '../api/messages.js';
import { decideAccess, type Access, type Caller, type SignedIn } from './auth/access.js';
import { identify } from './auth/sessions.js';
import { ApiError } from './errors.js';
import type { ServerOptions } from './options.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Context<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  options: ServerOptions;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface Endpoint<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Fastify path syntax: `/api/v1/rules/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The response body (serialised as JSON), or the reply itself when the handler sent it. */
  handle(ctx: Context<P, Q, B>): Promise<unknown>;
}

// A list of endpoints holds many P/Q/B combinations, each checked when written with `endpoint()`;
// `any` here is what lets them share one array (unknown would reject every typed handler).
export type AnyEndpoint = Endpoint<any, any, any>;

/** Declare an endpoint with its types inferred from its schemas. */
export function endpoint<P = undefined, Q = undefined, B = undefined>(e: Endpoint<P, Q, B>): AnyEndpoint {
  return e;
}

/** The signed-in caller of a non-public endpoint. */
export function signedIn(caller: Caller): SignedIn {
  if (caller.kind === 'session' || caller.kind === 'token') return caller;
  throw new ApiError(401, 'sign in first');
}

export function mountEndpoints(app: FastifyInstance, endpoints: readonly AnyEndpoint[], options: ServerOptions): void {
  for (const e of endpoints) {
    app.route({
      method: e.method,
      url: e.path,
      handler: async (req, reply) => {
        const caller = e.access === 'public' ? ({ kind: 'anonymous' } as const) : await identify(req, options.store, options.now());
        const decision = decideAccess({ access: e.access, method: req.method, caller, csrfHeader: header(req, 'x-csrf-token') });
        if (decision.kind === 'deny') throw new ApiError(decision.status, decision.error);
        const params = validate(e.params, req.params);
        const query = validate(e.query, req.query);
        const body = validate(e.body, req.body ?? {});
        const result = await e.handle({ params, query, body, caller, options, req, reply });
        return result === reply ? reply : reply.send(result);
      },
    });
  }
}

function validate<T>(schema: z.ZodType<T> | undefined, input: unknown): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { field, message } = firstError(result.error, input);
  throw new ApiError(400, message, field);
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
