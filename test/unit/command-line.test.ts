import { describe, expect, it } from 'vitest';
import { readTokens, splitLine } from '../../src/bot/command-line.js';

describe('splitLine', () => {
  it('splits at ASCII and full-width spaces', () => {
    expect(splitLine('member add\u3000@张三  joined=2010-07-01')).toEqual(['member', 'add', '@张三', 'joined=2010-07-01']);
  });

  it('keeps quoted parts together, with ASCII and Chinese quotes', () => {
    expect(splitLine('branch set partyday="first friday 15:00"')).toEqual(['branch', 'set', 'partyday=first friday 15:00']);
    expect(splitLine('title=“学习 二十届四中全会”')).toEqual(['title=学习 二十届四中全会']);
    expect(splitLine('title=「 」')).toEqual(['title= ']);
  });

  it('keeps an empty quoted value as a token', () => {
    expect(splitLine('a "" b')).toEqual(['a', '', 'b']);
  });

  it('reads an unterminated quote to the end of the line', () => {
    expect(splitLine('title="no end')).toEqual(['title=no end']);
  });
});

describe('readTokens', () => {
  it('separates words, key=value pairs (full-width = too) and mentions', () => {
    const tokens = readTokens(['@张三', 'joined=2010-07-01', '入党日期＝2011-01-01', 'extra'], []);
    expect(tokens.words).toEqual(['extra']);
    expect(tokens.named).toEqual({ joined: '2010-07-01', 入党日期: '2011-01-01' });
    expect(tokens.mentions).toEqual([{ userId: '张三', name: '张三' }]);
  });

  it('matches @name tokens to the mentions the platform reported, by name', () => {
    const reported = [{ userId: 'ou_2', name: '李四' }, { userId: 'ou_1', name: '张三' }];
    const tokens = readTokens(['@张三', '@李四'], reported);
    expect(tokens.mentions.map((m) => m.userId)).toEqual(['ou_1', 'ou_2']);
  });

  it('does not invent a person from an @word a platform did not report', () => {
    const tokens = readTokens(['@nobody'], [{ userId: 'ou_1', name: '张三' }]);
    expect(tokens.words).toEqual(['@nobody']);
    expect(tokens.mentions).toEqual([{ userId: 'ou_1', name: '张三' }]);
  });
});
