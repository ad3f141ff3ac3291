import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDefaultRegistry } from './builtins.js';
import { createChannelRegistry, type ChannelFactory } from './registry.js';
import type { NotifyPayload } from './types.js';

/** A channel type as a plugin would write it: it keeps what it is sent. */
function memoryFactory(sink: string[]): ChannelFactory<{ prefix: string }> {
  return {
    description: 'keep titles in memory',
    options: z.strictObject({ prefix: z.string().default('>') }),
    create: (name, opts) => ({
      name,
      type: 'memory',
      send: async (payload: NotifyPayload) => {
        sink.push(`${opts.prefix} ${payload.incident.title}`);
        return { kind: 'sent' };
      },
    }),
  };
}

describe('channel registry', () => {
  it('builds a registered type with its validated, defaulted options', async () => {
    const sink: string[] = [];
    const registry = createChannelRegistry();
    registry.register('memory', memoryFactory(sink));
    const built = registry.build({ name: 'mem', type: 'memory' });
    expect(built.kind).toBe('ok');
    if (built.kind !== 'ok') return;
    expect(built.channel).toMatchObject({ name: 'mem', type: 'memory' });
    const payload = { incident: { title: 'Disk full' } } as NotifyPayload;
    expect(await built.channel.send(payload, { deliveryId: 1, attempt: 1 })).toEqual({ kind: 'sent' });
    expect(sink).toEqual(['> Disk full']);
  });

  it('names the channel and the field when options are invalid', () => {
    const registry = createChannelRegistry();
    registry.register('memory', memoryFactory([]));
    expect(registry.build({ name: 'mem', type: 'memory', prefix: 3 })).toEqual({ kind: 'error', message: 'channel "mem": prefix must be a string' });
    expect(registry.build({ name: 'mem', type: 'memory', colour: 'red' })).toEqual({ kind: 'error', message: 'channel "mem": unknown field "colour"' });
  });

  it('refuses unknown types, listing the known ones', () => {
    const outcome = createDefaultRegistry().build({ name: 'x', type: 'pigeon' });
    expect(outcome).toEqual({ kind: 'error', message: 'channel "x": unknown type "pigeon" (known: webhook, slack, command)' });
  });

  it('refuses to register a type twice', () => {
    const registry = createDefaultRegistry();
    expect(() => registry.register('slack', memoryFactory([]))).toThrow(/already registered/);
  });
});
