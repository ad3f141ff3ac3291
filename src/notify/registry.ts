/**
 * Channel types as a registry: each type brings a zod schema for its options and a factory.
 * Adding a channel type is one `register` call; nothing switches on type names.
 */
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import { firstError } from '../api/messages.js';
import type { Channel } from './types.js';

/** What factories may use besides their options (stdout for the command channel). */
export interface ChannelEnv {
  stdout: Writable;
}

export interface ChannelFactory<O = unknown> {
  /** One line describing the channel type (for docs and `--help`). */
  description: string;
  /** Validates and defaults the channel's options (every field of its config entry except name and type). */
  options: z.ZodType<O>;
  create(name: string, options: O, env: ChannelEnv): Channel;
}

/** A channel entry as written in the config: a name, a type, and the type's options. */
export interface ChannelEntry {
  name: string;
  type: string;
  [option: string]: unknown;
}

export type BuildOutcome = { kind: 'ok'; channel: Channel } | { kind: 'error'; message: string };

export interface ChannelRegistry {
  register<O>(type: string, factory: ChannelFactory<O>): void;
  types(): string[];
  /** Validate an entry's options against its type and create the channel. Errors are one sentence. */
  build(entry: ChannelEntry, env?: Partial<ChannelEnv>): BuildOutcome;
}

export function createChannelRegistry(): ChannelRegistry {
  const factories = new Map<string, ChannelFactory<unknown>>();
  return {
    register(type, factory) {
      if (factories.has(type)) throw new Error(`Channel type "${type}" is already registered.`);
      factories.set(type, factory as ChannelFactory<unknown>);
    },
    types: () => [...factories.keys()],
    build(entry, env = {}) {
      const factory = factories.get(entry.type);
      if (!factory) {
        return { kind: 'error', message: `channel "${entry.name}": unknown type "${entry.type}" (known: ${[...factories.keys()].join(', ')})` };
      }
      const { name, type: _type, ...rest } = entry;
      const parsed = factory.options.safeParse(rest);
      if (!parsed.success) return { kind: 'error', message: `channel "${name}": ${firstError(parsed.error, rest).message}` };
      return { kind: 'ok', channel: factory.create(name, parsed.data, { stdout: env.stdout ?? process.stdout }) };
    },
  };
}
