import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { classifyFeishuFailure } from '../../src/platforms/feishu/classify-failure.js';
import { renderFeishuMessage } from '../../src/platforms/feishu/render-message.js';
import { incomingFromMessage } from '../../src/platforms/feishu/to-incoming.js';
import { verifyFeishuRequest } from '../../src/platforms/feishu/verify-request.js';
import { feishuRequest, messageEvent } from '../support/feishu-events.js';

describe('Feishu encryption and signatures', () => {
  it('decrypts the official test vector', () => {
    expect(new lark.AESCipher('test key').decrypt('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('verifies a request signed over its raw bytes, whatever their spacing', () => {
    const envelope = messageEvent({ text: '签到', senderOpenId: 'ou_a', token: 'tok' });
    const { body, headers } = feishuRequest(envelope, 'k');
    const verdict = verifyFeishuRequest(headers, Buffer.from(body), { encryptKey: 'k', verificationToken: 'tok' }, Date.now());
    expect(verdict).toEqual({ ok: true, kind: 'event', envelope });
  });

  it('reads the token from the decrypted envelope, not from the outside', () => {
    const { body, headers } = feishuRequest(messageEvent({ text: '签到', senderOpenId: 'ou_a', token: 'stolen?' }), 'k');
    expect(verifyFeishuRequest(headers, Buffer.from(body), { encryptKey: 'k', verificationToken: 'tok' }, Date.now())).toMatchObject({ ok: false, reason: 'verification token does not match' });
  });
});

describe('Feishu messages to IncomingMessage', () => {
  const bot = { openId: 'ou_bot' };
  it('removes the bot mention, turns other placeholders into @names and keeps their open_ids', () => {
    const msg = incomingFromMessage(flat(messageEvent({
      text: '@_user_1 /member add @_user_2 @_user_3', senderOpenId: 'ou_a', token: 't',
      mentions: [{ openId: 'ou_bot', name: '支部助手' }, { openId: 'ou_b', name: '李四' }, { openId: 'ou_c', name: '王五' }],
    })), bot);
    expect(msg).toMatchObject({ text: '/member add @李四 @王五', mentionedBot: true, mentions: [{ userId: 'ou_b', name: '李四' }, { userId: 'ou_c', name: '王五' }] });
  });

  it.each([10, 11, 50])('replaces each of %i mention placeholders by its exact key (@_user_1 does not eat @_user_10)', (count) => {
    const people = Array.from({ length: count }, (_, i) => ({ openId: `ou_p${i + 1}`, name: `党员${i + 1}` }));
    const placeholders = people.map((_, i) => `@_user_${i + 2}`).join(' ');
    const msg = incomingFromMessage(flat(messageEvent({
      text: `@_user_1 /member add ${placeholders}`, senderOpenId: 'ou_a', token: 't', mentions: [{ openId: 'ou_bot', name: '支部助手' }, ...people],
    })), bot);
    expect(msg?.text).toBe(`/member add ${people.map((p) => `@${p.name}`).join(' ')}`);
    expect(msg?.mentions).toEqual(people.map((p) => ({ userId: p.openId, name: p.name })));
    expect(msg?.mentionedBot).toBe(true);
  });

  it('leaves a name that looks like a placeholder alone once replaced', () => {
    const msg = incomingFromMessage(flat(messageEvent({
      text: '@_user_1 /member add @_user_2', senderOpenId: 'ou_a', token: 't', mentions: [{ openId: 'ou_bot', name: '支部助手' }, { openId: 'ou_b', name: '_user_1' }],
    })), bot);
    expect(msg?.text).toBe('/member add @_user_1');
  });

  it('ignores pictures in groups, answers them in private, and ignores other bots', () => {
    expect(incomingFromMessage(flat(messageEvent({ text: 'x', senderOpenId: 'ou_a', token: 't', messageType: 'image' })), bot)).toBeUndefined();
    expect(incomingFromMessage(flat(messageEvent({ text: 'x', senderOpenId: 'ou_a', token: 't', messageType: 'image', chatType: 'p2p' })), bot)?.text).toBe('[image]');
    const fromBot = flat(messageEvent({ text: 'hi', senderOpenId: 'ou_a', token: 't' }));
    (fromBot.sender as { sender_type: string }).sender_type = 'bot';
    expect(incomingFromMessage(fromBot, bot)).toBeUndefined();
  });

  it('rejects shapes it does not know instead of trusting them', () => {
    expect(incomingFromMessage({ message: 'nope' }, bot)).toBeUndefined();
    expect(incomingFromMessage(null, bot)).toBeUndefined();
  });
});

describe('rendering for Feishu', () => {
  it('sends plain lines as text and anything richer as a JSON 2.0 card with callback buttons', () => {
    expect(renderFeishuMessage({ lines: ['a', 'b'] })).toEqual({ msg_type: 'text', content: '{"text":"a\\nb"}' });
    const card = renderFeishuMessage({ title: '签到', lines: ['x'], buttons: [{ label: '签到', style: 'primary', action: { command: '签到', activityId: '4' } }] });
    expect(card.msg_type).toBe('interactive');
    const parsed = JSON.parse(card.content) as { schema: string; body: { elements: { tag: string; behaviors?: unknown }[] } };
    expect(parsed.schema).toBe('2.0');
    expect(parsed.body.elements[1]).toMatchObject({ tag: 'button', behaviors: [{ type: 'callback', value: { command: '签到', activityId: '4' } }] });
  });

  it('keeps a card under 30 KB by dropping table rows, and says so', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`成员${i}`, '正式党员', '2010年7月1日', '已关联']);
    const card = renderFeishuMessage({ title: '名册', lines: [], table: { headers: ['姓名', '身份', '入党日期', '账号'], rows } });
    expect(Buffer.byteLength(card.content)).toBeLessThan(30_000);
    expect(card.content).toContain('（共 2000 行，卡片只能显示前');
  });
});

describe('Feishu failures', () => {
  it.each([
    [{ response: { status: 429, data: { code: 99991400 }, headers: { 'x-ogw-ratelimit-reset': '3' } } }, { isRetryable: true, retryAfterMs: 3000 }],
    [{ response: { status: 400, data: { code: 230020, msg: 'frequency' } } }, { isRetryable: true, retryAfterMs: 1000 }],
    [{ code: 230002, msg: 'bot not in chat' }, { isRetryable: false }],
    [{ response: { status: 503, data: {} } }, { isRetryable: true }],
    [new Error('socket hang up'), { isRetryable: true }],
  ])('%j', (failure, expected) => {
    expect(classifyFeishuFailure(failure)).toMatchObject({ ok: false, ...expected });
  });
});

function flat(envelope: Record<string, unknown>): Record<string, unknown> {
  return { ...(envelope.header as object), ...(envelope.event as object) };
}
