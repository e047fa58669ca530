import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allCommands } from '../../src/bot/commands/index.js';
import { defineCommand } from '../../src/bot/define-command.js';
import { createRegistry } from '../../src/bot/registry.js';

const registry = createRegistry(allCommands);

describe('command registry', () => {
  it('rejects a name claimed twice at start-up', () => {
    const a = defineCommand({ name: 'x', aliases: ['叉'], level: 'anyone', branch: 'none', summary: '', usage: '', args: z.object({}), run: async () => [] });
    const b = defineCommand({ name: 'y', aliases: ['叉'], level: 'anyone', branch: 'none', summary: '', usage: '', args: z.object({}), run: async () => [] });
    expect(() => createRegistry([a, b])).toThrow('command name "叉" of "y" is already used by "x"');
  });

  it('knows English names, Chinese aliases and the full-width slash', () => {
    expect(registry.resolve('/member add @张三', [], false)?.command.name).toBe('member add');
    expect(registry.resolve('／成员 添加 @张三', [], false)?.command.name).toBe('member add');
    expect(registry.resolve('/考勤', [], false)?.command.name).toBe('attendance');
    expect(registry.resolve('/MEMBER LIST', [], false)?.command.name).toBe('member list');
  });

  it('prefers the longest name: "/leave approve" is not a leave request with reason "approve"', () => {
    expect(registry.resolve('/leave approve @李四', [], false)?.command.name).toBe('leave approve');
    expect(registry.resolve('/leave 出差', [], false)?.command.name).toBe('leave');
  });

  it('takes bare words from plain group chatter, and names only when addressed', () => {
    expect(registry.resolve('签到', [], false)?.command.name).toBe('checkin');
    expect(registry.resolve('到', [], false)?.command.name).toBe('checkin');
    expect(registry.resolve('到了吗', [], false)).toBeUndefined();
    expect(registry.resolve('help', [], false)).toBeUndefined();
    expect(registry.resolve('help', [], true)?.command.name).toBe('help');
  });

  it('reads a leave reason glued to the word or after a colon', () => {
    for (const line of ['请假出差', '请假：出差', '请假 出差']) {
      const resolved = registry.resolve(line, [], false);
      expect(resolved?.command.name).toBe('leave');
      expect(resolved?.input.rest).toBe('出差');
    }
  });

  it('suggests close names for typos', () => {
    expect(registry.suggest('/membr add')).toContain('/member add');
    expect(registry.suggest('/atendance')).toContain('/attendance');
    // In the words that were typed: a Chinese typo gets the Chinese name.
    expect(registry.suggest('/成员 添家')[0]).toBe('/成员 添加');
    expect(registry.suggest('/完全不相干的话')).toEqual([]);
  });

  it('offers only what the asker may use', () => {
    const asMember = registry.suggest('签到卡', (c) => c.level === 'anyone' || c.level === 'member');
    expect(asMember.some((s) => s.includes('签到卡'))).toBe(false);
    expect(registry.suggest('签到卡')).toContain('/签到卡');
  });

  it('gives every argument key of every command a Chinese alias', () => {
    const missing = allCommands.flatMap((c) => Object.entries(c.keys ?? {}).filter(([, aliases]) => !aliases.some((a) => /\p{Script=Han}/u.test(a))).map(([key]) => `${c.name}: ${key}=`));
    expect(missing).toEqual([]);
  });
});
