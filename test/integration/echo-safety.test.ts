import { describe, expect, it } from 'vitest';
import { QUOTE_CHARS } from '../../src/bot/quote-input.js';
import type { OutgoingMessage, Reply } from '../../src/bot/types.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { renderDingtalkMessage, toOpenApiMessage } from '../../src/platforms/dingtalk/render-message.js';
import { renderFeishuMessage } from '../../src/platforms/feishu/render-message.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { createTestChat } from '../support/chat.js';
import { testProviders } from '../support/test-database.js';

// Issue 17, part 4: text people wrote, repeated by the bot, is bounded and stays plain text on
// every platform: no markdown, no card or mention syntax, no link the person wrote.
const LINK = '[点我领取补贴](http://evil.example/x)';
const AT_ALL = '<at user_id="all">所有人</at>';
const LONG = '请大家立即点击链接填写个人信息领取补贴，'.repeat(20);

/**
 * Every way a reply leaves the bot: formats that read markup (DingTalk markdown, a Feishu text
 * message) and formats that do not (DingTalk text, a Feishu card's plain_text, the console).
 */
function renderings(message: OutgoingMessage): { markup: string[]; plain: string[] } {
  return {
    markup: [
      JSON.stringify(toOpenApiMessage(renderDingtalkMessage({ ...message, title: message.title ?? '支部助手' }, { isGroup: true }))),
      renderFeishuMessage({ lines: [message.title ?? '', ...message.lines, ...(message.sections?.flatMap((x) => [x.title, ...x.lines]) ?? []), ...(message.table?.rows.flat() ?? [])] }).content,
    ],
    plain: [
      JSON.stringify(toOpenApiMessage(renderDingtalkMessage(message, { isGroup: true }))),
      renderFeishuMessage({ ...message, title: message.title ?? '支部助手' }).content,
      renderText(message),
    ],
  };
}

function expectSafe(replies: Reply[]): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    const { markup, plain } = renderings(reply.message);
    for (const text of [...markup, ...plain]) {
      expect(text).not.toMatch(/https?:\/\//u);
      expect(text).not.toContain('evil.example');
      expect(text).not.toContain('evil.com');
      expect(text).not.toMatch(/[\u202e\u200b]/u);
    }
    for (const text of markup) {
      expect(text).not.toContain('](');
      expect(text).not.toContain('[点我');
      expect(text).not.toContain('<at');
      expect(text).not.toContain('**加急');
    }
  }
}

describe.each(testProviders())('echo safety on %s', (provider) => {
  const f = useBranchFixture(provider);

  it('/help with an unknown topic, from a stranger, repeats a short escaped fragment only', async () => {
    const chat = createTestChat(f.db, { now: shanghai('10:00') });
    const replies = await chat.say('路人甲', `/help ${LINK} ${LONG}`);
    const [answer] = replies;
    expect(replies).toHaveLength(1);
    expect(answer?.message.lines.join('')).toBe(`没有「${[...LINK].slice(0, QUOTE_CHARS).join('')}…」这个命令。发送 /help 查看全部命令。`);
    expect(renderText(answer?.message ?? { lines: [] })).not.toContain('请大家立即点击');
    expectSafe(replies);
  });

  it('an unknown command, a did-you-mean, and bad values are quoted short and escaped', async () => {
    const chat = createTestChat(f.db, { now: shanghai('10:00') });
    expectSafe(await chat.say('李四', `/${LINK}`));
    expectSafe(await chat.say('李四', `/hlep ${LINK}`));
    expectSafe(await chat.say('张三', `/activity new kind=${LINK} at=2026-12-11 15:00`));
    expectSafe(await chat.say('张三', `/dues confirm @${AT_ALL}`));
    expectSafe(await chat.say('李四', `已缴 ${LINK}`));
    const [unknown] = await chat.say('李四', `/frobnicate${LONG}`);
    expect([...(unknown?.message.lines.join('') ?? '')].length).toBeLessThan(60);
  });

  it('a leave reason, an activity title and a member name people wrote reach the officers as plain text', async () => {
    const chat = createTestChat(f.db, { now: shanghai('10:00') });
    expectSafe(await chat.say('李四', `请假 ${LINK} ${AT_ALL} **加急**`));
    expectSafe(await chat.say('张三', `/activity new kind=party_day at=2026-12-11 15:00 title=${LINK} place=https://evil.com/x`));
    expectSafe(await chat.say('张三', '/activity list'));
    await f.db.member.update({ where: { id: f.seeded.members['王五'] ?? 0 }, data: { name: `王五\u202e${LINK}` } });
    expectSafe(await chat.say('张三', '/member list'));
    expectSafe(await chat.say('张三', '/attendance', { chat: 'p2p' }));
  });
});

describe('the renderers keep the links the bot made', () => {
  it('a download button keeps its URL on DingTalk and Feishu while the text around it is defanged', () => {
    const url = 'https://zhibu.example.gov.cn/exports/abc.def';
    const message: OutgoingMessage = { title: '台账', lines: [`见 ${LINK}`], buttons: [{ label: '下载 [台账](http://x.cn)', url }] };
    const dingtalk = toOpenApiMessage(renderDingtalkMessage(message, { isGroup: false }));
    expect(JSON.parse(dingtalk.msgParam)).toMatchObject({ singleURL: url, singleTitle: '下载 [台账](http：//x．cn)' });
    expect(dingtalk.msgParam).toContain('［点我领取补贴］(http：//evil．example/x)');
    const feishu = renderFeishuMessage(message).content;
    expect(feishu).toContain(JSON.stringify(url));
    expect(feishu).not.toContain('http://x.cn');
  });
});
