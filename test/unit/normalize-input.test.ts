import { describe, expect, it } from 'vitest';
import { normalizeInput } from '../../src/bot/normalize-input.js';
import { chineseNumeralsToDigits } from '../../src/domain/dues/chinese-numerals.js';
import { parseYuan } from '../../src/domain/dues/money.js';

describe('input as an input method types it', () => {
  it.each([
    ['签到。', '签到'],
    ['签到！', '签到'],
    ['签到!!', '签到'],
    ['已缴 ７５', '已缴 75'],
    ['已缴　７５。', '已缴 75'],
    ['／导出　年＝２０２６', '/导出 年=2026'],
    ['＠李四', '@李四'],
    ['请假：出差（外地）。', '请假：出差（外地）'],
    ['请假 身体不适，去医院？', '请假 身体不适，去医院'],
    ['/activity new 党课 2026-12-21 15：00', '/activity new 党课 2026-12-21 15：00'],
    // A record's content after the command line is kept as written, its last 。 too.
    ['/record 12 topic=学习党章。\n一、学习。\n二、讨论。\n', '/record 12 topic=学习党章\n一、学习。\n二、讨论。'],
    ['签到。\n', '签到'],
  ])('%j reads as %j', (typed, read) => {
    expect(normalizeInput(typed)).toBe(read);
  });
});

describe('amounts in Chinese numerals', () => {
  it.each([
    ['七十五', 7500],
    ['七十五元', 7500],
    ['七十五点五', 7550],
    ['二百二十五', 22500],
    ['两百', 20000],
    ['零点二', 20],
    ['75', 7500],
    ['￥75', 7500],
  ])('%j is %i fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['三百五', '一万二', '七十五块钱', '很多', '壹佰', '十五个'])('refuses %j rather than guess', (text) => {
    expect(parseYuan(text)).toBeUndefined();
  });

  it('reads only numerals', () => {
    expect(chineseNumeralsToDigits('七十五')).toBe('75');
    expect(chineseNumeralsToDigits('十')).toBe('10');
    expect(chineseNumeralsToDigits('abc')).toBeUndefined();
  });
});
