/** Errors a handler throws to answer with a status and one sentence. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorBody } from '../api/types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }

  body(): ApiErrorBody {
    return this.field ? { error: this.message, field: this.field } : { error: this.message };
  }
}

export const badRequest = (message: string, field: string | null = null) => new ApiError(400, message, field);
export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const conflict = (message: string) => new ApiError(409, message);

/** Every failure leaves as `{ "error": "..." }`: ours as thrown, Fastify's own with a readable sentence. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.body());
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: 'internal error: the server could not complete the request' });
    }
    return reply.code(status).send({ error: fastifyMessage(err) });
  });
}

export function noSuchEndpoint(method: string, url: string): ApiError {
  return new ApiError(404, `no such endpoint: ${method} ${url.split('?')[0]}`);
}

function fastifyMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the request body must be valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the request body as application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is too large';
    default:
      return err.message;
  }
}
