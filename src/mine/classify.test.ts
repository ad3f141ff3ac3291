import { describe, expect, it } from 'vitest';
import { createMiner } from './template-miner.js';
import type { MinerOptions } from './options.js';

/** The template and params a fresh miner gives one line. */
function mine(line: string, opts: Partial<MinerOptions> = {}) {
  const out = createMiner(opts).add(line);
  return { text: out.cluster.text, params: out.params.map((p) => `${p.mask}:${p.value}`) };
}

describe('masking', () => {
  it('masks numbers inside identifiers, keeping their constant part', () => {
    expect(mine('PacketResponder 1 for block blk_-6952295868487656571 terminating')).toEqual({
      text: 'PacketResponder <NUM> for block blk_<NUM> terminating',
      params: ['NUM:1', 'NUM:-6952295868487656571'],
    });
  });

  it('masks addresses, ports, decimals and units', () => {
    expect(mine('from /10.251.42.84:50010 took 3.25 s and 100ms').text).toBe('from /<IP>:<NUM> took <NUM> s and <NUM>');
  });

  it('masks hex, hash codes and digit-heavy ids but not words with a digit', () => {
    expect(mine('flags=0x1f token a64f992 node R02 on ipv4 via eth0').text).toBe('flags=<HEX> token <HEX> node <ID> on ipv4 via eth0');
  });

  it('masks URLs, paths, e-mails, UUIDs and dates', () => {
    expect(mine('GET https://x.org/a?b=1 from /srv/app/main.js by a@b.io id 550e8400-e29b-41d4-a716-446655440000 on Mon Jun').text).toBe(
      'GET <URL> from <PATH> by <EMAIL> id <UUID> on <DATE> <DATE>',
    );
  });

  it('templates key=value pairs on their keys, keeping a value mask when the value is one', () => {
    expect(mine('user=alice ms=31 tag="View Lock" ready=true,policy=3 (uid=0) logname=')).toEqual({
      text: 'user=<*> ms=<NUM> tag="<*>" ready=<*>,policy=<NUM> (uid=<NUM>) logname=',
      params: ['*:alice', 'NUM:31', '*:View Lock', '*:true', 'NUM:3', 'NUM:0'],
    });
  });

  it('keeps a quoted value with spaces in one token', () => {
    expect(mine('open "my file.txt" now').text).toBe('open "my file.txt" now');
  });

  it('applies custom masks before the built-in ones, across spaces too', () => {
    const opts = { customMasks: [{ name: 'TICKET', pattern: 'JIRA-\\d+' }, { name: 'PAIR', pattern: 'left (right)' }] };
    expect(mine('fix JIRA-123 and left right now', opts)).toEqual({
      text: 'fix <TICKET> and <PAIR> now',
      params: ['TICKET:JIRA-123', 'PAIR:left right'],
    });
  });

  it('applies only the enabled built-in masks', () => {
    expect(mine('took 31 ms from 10.0.0.1', { masks: ['IP'] }).text).toBe('took 31 ms from <IP>');
  });
});
