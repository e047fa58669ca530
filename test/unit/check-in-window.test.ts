import { describe, expect, it } from 'vitest';
import { checkInTiming, checkInWindow } from '../../src/domain/check-in-window.js';

describe('checkInWindow', () => {
  const start = new Date('2026-12-04T07:00:00Z'); // 15:00 in Shanghai
  const window = checkInWindow(start, 'Asia/Shanghai');

  it('opens 30 minutes before the start and is late after 15 minutes', () => {
    expect(window.opensAt.toISOString()).toBe('2026-12-04T06:30:00.000Z');
    expect(window.lateAfter.toISOString()).toBe('2026-12-04T07:15:00.000Z');
  });

  it('closes at the end of the local day, not the UTC day', () => {
    expect(window.closesAt.toISOString()).toBe('2026-12-04T15:59:59.999Z');
    expect(checkInWindow(start, 'America/New_York').closesAt.toISOString()).toBe('2026-12-05T04:59:59.999Z');
  });

  it.each([
    ['2026-12-04T06:29:59Z', 'not_open'],
    ['2026-12-04T06:30:00Z', 'on_time'],
    ['2026-12-04T07:15:00Z', 'on_time'],
    ['2026-12-04T07:15:01Z', 'late'],
    ['2026-12-04T15:59:59Z', 'late'],
    ['2026-12-04T16:00:00Z', 'closed'],
  ] as const)('at %s a check-in is %s', (now, timing) => {
    expect(checkInTiming(window, new Date(now))).toBe(timing);
  });
});
