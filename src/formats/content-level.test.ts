import { describe, expect, it } from 'vitest';
import { levelFromContent } from './content-level.js';

describe('levelFromContent', () => {
  it.each([
    ['authentication failure; logname= uid=0', 'ERROR'],
    ['Failed password for root from 1.2.3.4', 'ERROR'],
    ['flush sensor data failed', 'ERROR'],
    ['caught exception in handler', 'ERROR'],
    ['kernel panic - not syncing', 'FATAL'],
    ['CRITICAL: disk failure imminent', 'FATAL'],
    ['Warning: low battery', 'WARN'],
    ['onStandStepChanged 3579', 'INFO'],
    ['errorCount=0 prefail attributes ok', 'INFO'],
  ] as const)('%j → %s', (message, level) => {
    expect(levelFromContent(message)).toBe(level);
  });

  it('picks the most severe word present', () => {
    expect(levelFromContent('warning: error while handling fatal signal')).toBe('FATAL');
    expect(levelFromContent('warning: request failed')).toBe('ERROR');
  });
});
