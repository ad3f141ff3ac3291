/**
 * Command channel: without `command`, writes one line per incident to stdout; with `command`
 * (an argv list, never a shell string), runs it with the JSON payload on stdin.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { ChannelFactory } from '../registry.js';
import type { NotifyPayload, SendMeta, SendOutcome } from '../types.js';
import { timeoutMs } from './options.js';

const STDERR_TAIL = 300;

const options = z.strictObject({
  command: z.array(z.string().min(1, { error: 'must not contain empty strings' }), { error: 'must be a list like [program, arg, ...]' })
    .refine((argv) => argv.length > 0, { error: 'must name a program' })
    .optional(),
  timeout_ms: timeoutMs(),
});

/** One human line for a payload. Pure. */
export function incidentLine(payload: NotifyPayload): string {
  const { incident, topFactors, link } = payload;
  const parts = [`[LogTrack] ${incident.severity} incident #${incident.id}: ${incident.title}`];
  if (incident.services.length) parts.push(`services=${incident.services.join(',')}`);
  if (topFactors.length) parts.push(`why: ${topFactors.map((f) => f.text).join('; ')}`);
  if (link) parts.push(link);
  return parts.join(' | ');
}

function writeLine(out: Writable, line: string): Promise<SendOutcome> {
  return new Promise((resolve) => {
    out.write(`${line}\n`, (err) => resolve(err ? { kind: 'failed', error: `cannot write to stdout: ${err.message}`, retryable: true } : { kind: 'sent' }));
  });
}

/** Run `argv` without a shell, the payload on stdin; exit 0 means sent. */
export function runCommand(argv: readonly string[], input: string, meta: SendMeta, timeout: number): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    const child = spawn(program, args, {
      shell: false,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout,
      env: { ...process.env, LOGTRACK_DELIVERY_ID: String(meta.deliveryId), LOGTRACK_ATTEMPT: String(meta.attempt) },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    // The program may exit without reading stdin; its exit status is what counts.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', (err: NodeJS.ErrnoException) => {
      resolve({ kind: 'failed', error: `cannot run ${program}: ${err.code ?? err.message}`, retryable: err.code !== 'ENOENT' && err.code !== 'EACCES' });
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ kind: 'sent' });
      const why = signal ? `was stopped by ${signal}${signal === 'SIGTERM' ? ` (timeout ${timeout} ms?)` : ''}` : `exited with code ${code}`;
      const tail = stderr.trim() ? `: ${stderr.trim()}` : '';
      resolve({ kind: 'failed', error: `${program} ${why}${tail}`, retryable: true });
    });
  });
}

export const commandChannel: ChannelFactory<z.output<typeof options>> = {
  description: 'write a line to stdout, or run a command with the JSON payload on stdin',
  options,
  create: (name, opts, env) => ({
    name,
    type: 'command',
    send: (payload, meta) =>
      opts.command ? runCommand(opts.command, `${JSON.stringify(payload)}\n`, meta, opts.timeout_ms) : writeLine(env.stdout, incidentLine(payload)),
  }),
};
