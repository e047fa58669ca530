import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { CORP_ID, robotMessage } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkCard, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'cidGroupCards0001==';
const STAFF: Record<string, string> = { 张三: 'zhangsan01', 李四: 'lisi02', 王五: 'wangwu03', 赵六: 'zhaoliu04' };
const TEMPLATE = 'a1b2c3d4-0000-4000-8000-checkincard.schema';

// DingTalk interactive cards over the real Stream WebSocket: a live check-in card goes to the
// group through the card instance API, its 签到 button's callback arrives as a CALLBACK frame
// on /v1.0/card/instances/callback, is stored like a message and checks the member in, and the
// ack carries the card's new count; other check-ins update the card through PUT.
describe.each(testProviders())('DingTalk check-in cards on %s', (provider) => {
  let t: TestDatabase;
  let standIn: DingtalkStandIn;
  let bot: RunningBot;
  let activityId = 0;
  let card: DingtalkCard | undefined;

  const say = (name: string, text: string) =>
    standIn.push(robotMessage({ text, staffId: STAFF[name] ?? name, nick: name, conversationId: GROUP, sessionWebhook: standIn.sessionWebhook('s-cards') }));
  const click = (name: string, extra: { outTrackId?: string; messageId?: string } = {}) =>
    standIn.pushCardClick({ outTrackId: extra.outTrackId ?? card?.outTrackId ?? '', staffId: STAFF[name] ?? name, corpId: CORP_ID, params: { command: '签到', activityId: String(activityId) }, ...(extra.messageId ? { messageId: extra.messageId } : {}) });
  /** The `nth` ack of the frame `messageId` (the first by default). */
  const ackOf = async (messageId: string, nth = 1) => {
    await waitFor(() => standIn.acksOf(messageId).length >= nth, `ack ${nth} of ${messageId}`);
    return standIn.acksOf(messageId)[nth - 1] as { userPrivateData?: { cardParamMap?: { result?: string } }; cardData?: { cardParamMap?: Record<string, string> } };
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    standIn = await startDingtalkStandIn();
    const seeded = await seedBranch(t.db, { platform: 'dingtalk', tenant: CORP_ID, chatId: GROUP, accountOf: (name) => STAFF[name] ?? name });
    activityId = (await addActivity(t.db, seeded.branchId, new Date().toISOString())).id;
    bot = await startBot(readConfig({
      ZHIBU_REMINDERS: 'off', DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent',
      DINGTALK_CLIENT_ID: CLIENT_ID, DINGTALK_CLIENT_SECRET: CLIENT_SECRET, DINGTALK_API_BASE: standIn.url, DINGTALK_CARD_TEMPLATE_ID: TEMPLATE,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
    await waitFor(() => standIn.connections === 1, 'the stream connection');
  });
  afterAll(async () => {
    await bot.stop();
    await standIn.close();
    await t.close();
  });

  it('subscribes to card callbacks and sends the check-in card as an interactive card', async () => {
    expect(standIn.gatewayRequests[0]).toMatchObject({ subscriptions: expect.arrayContaining([{ type: 'CALLBACK', topic: '/v1.0/card/instances/callback' }]) as unknown });
    const before = standIn.calls.length;
    say('张三', '/activity card');
    await waitFor(() => standIn.cards.size === 1, 'the card');
    card = [...standIn.cards.values()][0];
    // Recorded as the live copy once DingTalk has answered (a person cannot click sooner).
    await waitFor(async () => (await t.db.liveMessage.count({ where: { platform: 'dingtalk', messageId: card?.outTrackId ?? '', chatId: GROUP } })) === 1, 'the card recorded');
    expect(card).toMatchObject({ cardTemplateId: TEMPLATE, openSpaceId: `dtv1.card//IM_GROUP.${GROUP}`, robotCode: CLIENT_ID, callbackType: 'STREAM' });
    expect(card?.params).toMatchObject({ title: '主题党日签到', buttonText: '签到', command: '签到', activityId: String(activityId) });
    expect(card?.params.markdown).toContain('已签到 0 / 应到 4');
    // The card is the answer: no markdown copy of it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standIn.calls.length).toBe(before);
  });

  it('a click checks the member in through the inbox and the ack carries the new count and their answer', async () => {
    const ack = await ackOf(click('李四'));
    expect(ack.userPrivateData?.cardParamMap?.result).toBe('李四签到成功：主题党日。');
    expect(ack.cardData?.cardParamMap?.markdown).toContain('已签到 1 / 应到 4');
    expect(await t.db.checkIn.findFirst({ where: { member: { name: '李四' } } })).toMatchObject({ via: 'card', status: 'present' });
    expect(await t.db.inboundEvent.count({ where: { platform: 'dingtalk', eventId: { startsWith: 'card:' } } })).toBe(1);
  });

  it('the same click pushed again is answered without a second check-in', async () => {
    const messageId = click('赵六');
    await ackOf(messageId);
    const again = await ackOf(click('赵六', { messageId }), 2);
    expect(again.userPrivateData?.cardParamMap?.result).toBe('已处理。');
    expect(await t.db.checkIn.count({ where: { member: { name: '赵六' } } })).toBe(1);
  });

  it('a check-in by message updates the card through PUT /v1.0/card/instances', async () => {
    const updates = card?.updates ?? 0;
    say('王五', '签到');
    await waitFor(() => (card?.updates ?? 0) > updates, 'the card update');
    expect(card?.params.markdown).toContain('已签到 3 / 应到 4');
  });

  it('a click on a card zhibu did not send is answered with a hint and records nothing', async () => {
    const before = await t.db.inboundEvent.count();
    const ack = await ackOf(click('张三', { outTrackId: 'someone-elses-card' }));
    expect(ack.userPrivateData?.cardParamMap?.result).toBe('无法识别这个按钮，请在群里发送「签到」。');
    expect(await t.db.inboundEvent.count()).toBe(before);
    expect(await t.db.checkIn.count({ where: { member: { name: '张三' } } })).toBe(0);
  });

  it('a card DingTalk failed to take (5xx three times) goes again as a card, never also as markdown', async () => {
    const before = { calls: standIn.calls.length, cards: standIn.cards.size };
    standIn.fail('500', '500', '500');
    say('张三', '/activity card');
    await waitFor(() => standIn.cards.size === before.cards + 1, 'the card, sent again by the outbox', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standIn.calls.slice(before.calls).filter((c) => c.msgKey === 'markdown')).toEqual([]);
  });

  it('falls back to markdown with a line to reply when DingTalk refuses the card', async () => {
    standIn.refuseCards = true;
    const before = standIn.calls.length;
    const cardsBefore = standIn.cards.size;
    say('张三', '/activity card');
    await waitFor(() => standIn.calls.length > before, 'the markdown card');
    const sent = standIn.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'session', msgKey: 'markdown' });
    expect(JSON.stringify(sent[0]?.param)).toContain('已签到 3 / 应到 4');
    expect(standIn.cards.size).toBe(cardsBefore);
    standIn.refuseCards = false;
  });
});
