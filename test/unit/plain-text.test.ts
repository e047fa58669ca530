import { describe, expect, it } from 'vitest';
import { quoteInput } from '../../src/bot/quote-input.js';
import { plainText } from '../../src/platforms/plain-text.js';

describe('plain text on every platform', () => {
  it.each([
    ['[点我领取补贴](http://evil.example/x)', 'markup', '［点我领取补贴］(http：//evil．example/x)'],
    ['[点我领取补贴](http://evil.example/x)', 'plain', '[点我领取补贴](http：//evil．example/x)'],
    ['<at user_id="all">所有人</at>', 'markup', '＜at user_id="all"＞所有人＜/at＞'],
    ['**加急** `code` ~~删~~', 'markup', '＊＊加急＊＊ ｀code｀ ～～删～～'],
    ['# 通知\n> 引用', 'markup', '＃ 通知\n＞ 引用'],
    ['访问 www.evil.com 或 evil.cn/a 或 10.0.0.1', 'plain', '访问 www．evil．com 或 evil．cn/a 或 10．0．0．1'],
    ['javascript:alert(1) mailto:x@y.com dingtalk://x', 'plain', 'javascript：alert(1) mailto：x@y．com dingtalk：//x'],
    ['账号：dingtalk:zhangsan01', 'markup', '账号：dingtalk:zhangsan01'],
    ['王五\u202e\u200b\u0007\u001b[31m', 'plain', '王五[31m'],
    // What the bot itself writes is left as it is.
    ['第一党支部-台账-2026.xlsx，75.00 元，15:00，Asia/Shanghai，/export [month=YYYY-MM]', 'plain', '第一党支部-台账-2026.xlsx，75.00 元，15:00，Asia/Shanghai，/export [month=YYYY-MM]'],
    ['👨\u200d👩\u200d👧 李四', 'markup', '👨\u200d👩\u200d👧 李四'],
  ] as const)('%j as %s', (text, format, expected) => {
    expect(plainText(text, format)).toBe(expected);
  });

  it('quotes what someone typed on one line, at most 20 characters', () => {
    expect(quoteInput('  a\n\tb  ')).toBe('「a b」');
    expect(quoteInput('一二三四五六七八九十一二三四五六七八九十多余')).toBe('「一二三四五六七八九十一二三四五六七八九十…」');
    expect(quoteInput('x\u202ey')).toBe('「x y」');
  });
});
