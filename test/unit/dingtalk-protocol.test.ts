import { describe, expect, it } from 'vitest';
import { trustedWebhooks } from '../../src/platforms/dingtalk/conversations.js';
import { renderDingtalkMessage, toOpenApiMessage, toSessionWebhookBody } from '../../src/platforms/dingtalk/render-message.js';
import { readRobotMessage } from '../../src/platforms/dingtalk/to-incoming.js';
import { dingtalkSign, verifyDingtalkSignature } from '../../src/platforms/dingtalk/verify-request.js';
import { BOT_USER_ID, CORP_ID, robotMessage } from '../support/dingtalk-events.js';

describe('DingTalk callback signature', () => {
  it('matches the documented example', () => {
    // notes/platforms.md, section g: appSecret "test-secret", timestamp 1577262236757.
    expect(dingtalkSign('1577262236757', 'test-secret')).toBe('7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=');
  });

  it.each([
    [{ timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236757 + 299_000, { ok: true, timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }],
    [{ timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236757 - 299_000, { ok: true, timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }],
    [{ timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236757 + 301_000, { ok: false, reason: 'timestamp more than 5 minutes away (a replay, or a wrong clock)' }],
    [{ timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236757 - 301_000, { ok: false, reason: 'timestamp more than 5 minutes away (a replay, or a wrong clock)' }],
    [{ timestamp: '1577262236757', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236757 + 50 * 60_000, { ok: false, reason: 'timestamp more than 5 minutes away (a replay, or a wrong clock)' }],
    [{ timestamp: '1577262236758', sign: '7vp2FfctrhzIuD+1O83aAYWHADYEdUyTz+AwACMrn18=' }, 1577262236758, { ok: false, reason: 'sign does not match' }],
    [{ timestamp: '1577262236757' }, 1577262236757, { ok: false, reason: 'timestamp or sign header missing' }],
    [{ timestamp: '-1', sign: 'x' }, 0, { ok: false, reason: 'timestamp is not milliseconds' }],
  ])('%j at %d', (headers, now, verdict) => {
    expect(verifyDingtalkSignature(headers, 'test-secret', now)).toEqual(verdict);
  });
});

describe('reading robot messages', () => {
  it('trims the leading space, names the chat and the sender, de-duplicates by msgId and keeps the send time', () => {
    const message = robotMessage({ text: '签到', staffId: 'lisi02', nick: '李四', msgId: 'msg1', conversationId: 'cid1', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionWebhookExpiredTime: 1700000000000 });
    const reading = readRobotMessage(message);
    expect(reading).toEqual({
      kind: 'message',
      msg: { platform: 'dingtalk', tenant: CORP_ID, chatId: 'cid1', chatType: 'group', senderId: 'lisi02', senderName: '李四', text: '签到', mentionedBot: true, mentions: [], eventId: 'msg1', sentAt: new Date(message.createAt as number) },
      conversation: { conversationId: 'cid1', tenant: CORP_ID, isPrivate: false, staffId: 'lisi02', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x', sessionWebhookExpiresAt: 1700000000000 },
    });
  });

  it('tells a private conversation ("1") from a group ("2")', () => {
    const reading = readRobotMessage(robotMessage({ text: '/whoami', staffId: 'lisi02', conversationType: '1' }));
    expect(reading.kind === 'message' && [reading.msg.chatType, reading.msg.mentionedBot, reading.conversation.isPrivate]).toEqual(['p2p', false, true]);
  });

  it('resolves the people mentioned, the bot left out, named as the text shows them', () => {
    const reading = readRobotMessage(robotMessage({ text: '/member add @孙八 @周九 joined=2019-07-01', staffId: 'zhangsan01', atUsers: [{ staffId: 'sunba08' }, { staffId: 'zhoujiu09' }] }));
    expect(reading.kind === 'message' && reading.msg.mentions).toEqual([{ userId: 'sunba08', name: '孙八' }, { userId: 'zhoujiu09', name: '周九' }]);
  });

  it('names people by staffId when the text and the list do not line up, rather than guess', () => {
    const reading = readRobotMessage(robotMessage({ text: '/member add @孙八', staffId: 'zhangsan01', atUsers: [{ staffId: 'sunba08' }, { staffId: 'zhoujiu09' }] }));
    expect(reading.kind === 'message' && reading.msg.mentions).toEqual([{ userId: 'sunba08', name: 'sunba08' }, { userId: 'zhoujiu09', name: 'zhoujiu09' }]);
  });

  it('reads rich text and voice transcripts; ignores pictures in groups and answers them in private', () => {
    const base = robotMessage({ text: '', staffId: 'lisi02' });
    const rich = readRobotMessage({ ...base, msgtype: 'richText', content: { richText: [{ text: '请假 ' }, { downloadCode: 'x', type: 'picture' }, { text: '出差' }] } });
    expect(rich.kind === 'message' && rich.msg.text).toBe('请假 出差');
    const voice = readRobotMessage({ ...base, msgtype: 'audio', content: { recognition: '签到', downloadCode: 'x' } });
    expect(voice.kind === 'message' && voice.msg.text).toBe('签到');
    expect(readRobotMessage({ ...base, msgtype: 'picture', content: { downloadCode: 'x' } }).kind).toBe('ignored');
    const privatePicture = readRobotMessage({ ...base, conversationType: '1', msgtype: 'picture', content: { downloadCode: 'x' } });
    expect(privatePicture.kind === 'message' && privatePicture.msg.text).toBe('[picture]');
  });

  it('ignores a sender without staffId and refuses what is not a robot message', () => {
    const { senderStaffId: _dropped, ...anonymous } = robotMessage({ text: '签到', staffId: 'x' });
    expect(readRobotMessage(anonymous).kind).toBe('ignored');
    expect(readRobotMessage({ hello: 'world' }).kind).toBe('invalid');
    expect(readRobotMessage([1, 2]).kind).toBe('invalid');
    expect(readRobotMessage({ ...robotMessage({ text: '签到', staffId: 'x' }), conversationType: '3' }).kind).toBe('invalid');
  });

  it('knows the bot by chatbotUserId even without isInAtList', () => {
    const { isInAtList: _dropped, ...message } = robotMessage({ text: '签到', staffId: 'lisi02' });
    const reading = readRobotMessage(message);
    expect(reading.kind === 'message' && [reading.msg.mentionedBot, (message.atUsers as { dingtalkId: string }[])[0]?.dingtalkId]).toEqual([true, BOT_USER_ID]);
  });
});

describe('rendering for DingTalk', () => {
  const group = { isGroup: true };

  it('plain lines are sampleText / a text webhook message', () => {
    const doc = renderDingtalkMessage({ lines: ['李四签到成功：主题党日。'] }, group);
    expect(toOpenApiMessage(doc)).toEqual({ msgKey: 'sampleText', msgParam: JSON.stringify({ content: '李四签到成功：主题党日。' }) });
    expect(toSessionWebhookBody(doc)).toEqual({ msgtype: 'text', text: { content: '李四签到成功：主题党日。' } });
  });

  it('a titled message is markdown, lines apart', () => {
    const doc = renderDingtalkMessage({ title: '请假审批结果', lines: ['已批准', '请注意安全'] }, group);
    expect(toOpenApiMessage(doc)).toEqual({ msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: '请假审批结果', text: '### 请假审批结果\n\n已批准\n\n请注意安全' }) });
  });

  it('link buttons make an ActionCard: one is sampleActionCard, several sampleActionCardN', () => {
    const one = renderDingtalkMessage({ title: '台账', lines: ['十一月'], buttons: [{ label: '下载', url: 'https://x.example/a.xlsx' }] }, group);
    expect(JSON.parse(toOpenApiMessage(one).msgParam)).toEqual({ title: '台账', text: '### 台账\n\n十一月', singleTitle: '下载', singleURL: 'https://x.example/a.xlsx' });
    expect(toOpenApiMessage(one).msgKey).toBe('sampleActionCard');
    const two = renderDingtalkMessage({ lines: ['选一个'], buttons: [{ label: 'A', url: 'https://a.example' }, { label: 'B', url: 'https://b.example' }] }, group);
    expect(toOpenApiMessage(two)).toEqual({ msgKey: 'sampleActionCard2', msgParam: JSON.stringify({ title: '选一个', text: '选一个', actionTitle1: 'A', actionURL1: 'https://a.example', actionTitle2: 'B', actionURL2: 'https://b.example' }) });
    expect(toSessionWebhookBody(two)).toEqual({ msgtype: 'actionCard', actionCard: { title: '选一个', text: '选一个', btnOrientation: '0', btns: [{ title: 'A', actionURL: 'https://a.example' }, { title: 'B', actionURL: 'https://b.example' }] } });
  });

  it('an action button becomes what to send: with @支部助手 in a group, plainly in private; a minted link becomes a button', () => {
    const button = { label: '签到', action: { command: '签到', activityId: '7' } };
    const message = { title: '主题党日签到', lines: ['已签到 0 / 4'], buttons: [button] };
    expect(renderDingtalkMessage(message, group).text).toContain('签到：请在群里发送「@支部助手 签到」');
    expect(renderDingtalkMessage(message, { isGroup: false }).text).toContain('签到：请回复「签到」');
    const linked = renderDingtalkMessage(message, { isGroup: false, links: new Map([[button, 'https://zhibu.example/c/abc']]) });
    expect(toOpenApiMessage(linked).msgKey).toBe('sampleActionCard');
    expect(linked.buttons).toEqual([{ title: '签到', url: 'https://zhibu.example/c/abc' }]);
    expect(linked.text).not.toContain('请回复');
  });

  it('keeps msgParam within 15000 bytes, trimming table rows and saying so', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`党员${i}`, '正式党员', '2020年1月1日']);
    const doc = renderDingtalkMessage({ title: '名册', lines: ['第一党支部'], table: { headers: ['姓名', '身份', '入党日期'], rows } }, group);
    const { msgParam } = toOpenApiMessage(doc);
    expect(Buffer.byteLength(msgParam)).toBeLessThanOrEqual(15_000);
    expect(doc.text).toMatch(/（共 2000 行，消息只能显示前 \d+ 行）/);
    expect(doc.text).toContain('**姓名 ｜ 身份 ｜ 入党日期**');
    expect(doc.text).toContain('- 党员0 ｜ 正式党员 ｜ 2020年1月1日');
    const long = renderDingtalkMessage({ lines: ['长'.repeat(20_000)] }, group);
    expect(Buffer.byteLength(toOpenApiMessage(long).msgParam)).toBeLessThanOrEqual(15_000);
    expect(long.text.endsWith('（内容过长，已截断）')).toBe(true);
  });
});

describe('session webhooks zhibu posts to', () => {
  const isTrusted = trustedWebhooks('https://api.dingtalk.com');
  it.each([
    ['https://oapi.dingtalk.com/robot/sendBySession?session=abc', true],
    ['https://api.dingtalk.com/robot/sendBySession?session=abc', true],
    ['http://oapi.dingtalk.com/robot/sendBySession?session=abc', false],
    ['https://oapi.dingtalk.com.evil.example/robot', false],
    ['https://evil-dingtalk.com/robot', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['not a url', false],
  ])('%s: %s', (url, expected) => {
    expect(isTrusted(url)).toBe(expected);
  });
});
