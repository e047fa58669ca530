import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/bot/command-error.js';
import { readRecordLine } from '../../src/bot/record-line.js';
import { changedFields, hasRecordContent } from '../../src/domain/meeting-records.js';

describe('reading a /record line', () => {
  it('reads the id and the leading keys; the rest, line breaks and key=value text included, is the content', () => {
    expect(readRecordLine('12 topic="学习 党章" 主持人=@张三 recorder=@李四 一、传达。\n二、经费=500元。\n三、决定。', 'u')).toEqual({
      activity: '12', named: { topic: '学习 党章', host: '@张三', recorder: '@李四' }, content: '一、传达。\n二、经费=500元。\n三、决定。',
    });
    expect(readRecordLine('12\n  第一行\n第二行', 'u')).toEqual({ activity: '12', named: {}, content: '第一行\n第二行' });
    expect(readRecordLine('#7 议题＝学习', 'u')).toEqual({ activity: '#7', named: { topic: '学习' }, content: '' });
    expect(readRecordLine('topic=学习', 'u')).toEqual({ activity: undefined, named: { topic: '学习' }, content: '' });
  });

  it('refuses an unknown key before the content, in Chinese', () => {
    expect(() => readRecordLine('12 place=礼堂 内容', '/record …')).toThrow(CommandError);
    expect(() => readRecordLine('12 place=礼堂 内容', '/record …')).toThrow(/不认识参数「place=」/);
  });

  it('tells which fields changed, and a row without content is no record yet', () => {
    const before = { topic: '学习', hostMemberId: 1, recorderMemberId: 2, content: '' };
    expect(changedFields(before, { ...before, content: '内容', hostMemberId: 3 })).toEqual(['hostMemberId', 'content']);
    expect(changedFields(before, before)).toEqual([]);
    expect([hasRecordContent(null), hasRecordContent(before), hasRecordContent({ content: ' \n ' }), hasRecordContent({ content: '内容' })]).toEqual([false, false, false, true]);
  });
});
