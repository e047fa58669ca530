import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Conversations, trustedWebhooks } from '../../src/platforms/dingtalk/conversations.js';
import { DingtalkApi } from '../../src/platforms/dingtalk/dingtalk-api.js';
import { DingtalkPlatform } from '../../src/platforms/dingtalk/dingtalk-platform.js';
import { DingtalkSender } from '../../src/platforms/dingtalk/dingtalk-sender.js';
import { renderDingtalkMessage } from '../../src/platforms/dingtalk/render-message.js';
import { CORP_ID } from '../support/dingtalk-events.js';
import { CLIENT_ID, CLIENT_SECRET, startDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-stand-in.js';

// Proactive sends as the reminders dispatcher makes them: `platform.send` to one person, whose
// SendResult says whether to try again; and batchSend's per-person lists.
describe('DingTalk proactive sending', () => {
  let standIn: DingtalkStandIn;
  const sleeps: number[] = [];
  const timing = { clock: () => 1_000_000, sleep: async (ms: number) => { sleeps.push(ms); } };
  const person = (id: string) => ({ platform: 'dingtalk' as const, tenant: CORP_ID, kind: 'user' as const, id });

  beforeAll(async () => {
    standIn = await startDingtalkStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => {
    standIn.calls.length = 0;
    standIn.invalidUsers.clear();
    standIn.flowControlledUsers.clear();
    sleeps.length = 0;
  });

  const platform = (extra: { robotCode?: string; clientSecret?: string } = {}) => new DingtalkPlatform({
    clientId: CLIENT_ID, clientSecret: extra.clientSecret ?? CLIENT_SECRET, robotCode: extra.robotCode, mode: 'webhook', apiBase: `${standIn.url}/`, log: silentLogger, timing,
  });

  it('sends to one person by batchSend with the robot code, defaulting to the client id', async () => {
    expect(await platform().send(person('lisi02'), { lines: ['明天 15:00 主题党日'] })).toEqual({ ok: true, messageId: expect.stringMatching(/^pqk-/) as unknown });
    expect(await platform({ robotCode: 'dingrobotcode0001' }).send(person('lisi02'), { lines: ['再提醒一次'] })).toMatchObject({ ok: true });
    expect(standIn.calls.map((c) => [c.kind, c.robotCode, c.userIds, c.param.content])).toEqual([
      ['oto', CLIENT_ID, ['lisi02'], '明天 15:00 主题党日'],
      ['oto', 'dingrobotcode0001', ['lisi02'], '再提醒一次'],
    ]);
  });

  it('reports an invalid staff id for good, so the secretary can be told', async () => {
    standIn.invalidUsers.add('left-the-org');
    const result = await platform().send(person('left-the-org'), { lines: ['党费提醒'] });
    expect(result).toMatchObject({ ok: false, isRetryable: false });
    expect(result.error).toContain('left-the-org cannot receive the robot\'s private messages (invalidStaffIdList)');
    expect(standIn.calls).toEqual([]);
  });

  it('reports a flow-controlled person as worth another try later', async () => {
    standIn.flowControlledUsers.add('busy01');
    const result = await platform().send(person('busy01'), { lines: ['党费提醒'] });
    expect(result).toMatchObject({ ok: false, isRetryable: true, retryAfterMs: 60_000 });
    expect(result.error).toContain('flowControlledStaffIdList');
  });

  it('sends one message to many people in batches of 20, with a result for each', async () => {
    standIn.invalidUsers.add('u03');
    standIn.flowControlledUsers.add('u22');
    const api = new DingtalkApi({ baseUrl: standIn.url, appKey: CLIENT_ID, appSecret: CLIENT_SECRET, timing });
    const sender = new DingtalkSender(api, CLIENT_ID, new Conversations(trustedWebhooks(standIn.url)), silentLogger, () => Date.parse('2026-12-04T07:00:00Z'));
    const ids = Array.from({ length: 25 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
    const results = await sender.toPeople([...ids, 'u01'], renderDingtalkMessage({ lines: ['支部通知'] }, { isGroup: false }));
    expect(standIn.calls.map((c) => c.userIds?.length)).toEqual([19, 4]);
    expect(results.size).toBe(25);
    expect([...results].filter(([, r]) => !r.ok).map(([id, r]) => [id, r.isRetryable])).toEqual([['u03', false], ['u22', true]]);
  });

  it('waits out QPS limits and server errors, fetches a new token when DingTalk refuses the old one', async () => {
    const dingtalk = platform();
    const tokens = standIn.tokenRequests;
    standIn.fail('qps', '500');
    expect(await dingtalk.send(person('lisi02'), { lines: ['一'] })).toMatchObject({ ok: true });
    expect(standIn.rejectedQps).toBeGreaterThanOrEqual(1);
    expect(sleeps).toEqual([1000, 2000]);
    standIn.fail('bad-token');
    expect(await dingtalk.send(person('lisi02'), { lines: ['二'] })).toMatchObject({ ok: true });
    expect(standIn.tokenRequests - tokens).toBe(2);
    expect(standIn.texts()).toEqual(['一', '二']);
  });

  it('gives up after three tries and says the failure is worth retrying later', async () => {
    standIn.fail('500', '500', '500');
    const result = await platform().send(person('lisi02'), { lines: ['三'] });
    expect(result).toMatchObject({ ok: false, isRetryable: true });
    expect(result.error).toContain('dingtalk 500 ServiceUnavailable');
  });

  it('a wrong client secret fails for good and names the settings to check', async () => {
    const result = await platform({ clientSecret: 'wrong' }).send(person('lisi02'), { lines: ['四'] });
    expect(result).toMatchObject({ ok: false, isRetryable: false });
    expect(result.error).toContain('check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET');
  });

  it('stays within 20 calls per second per API', async () => {
    const dingtalk = platform();
    await Promise.all(Array.from({ length: 21 }, (_, i) => dingtalk.send(person(`p${i}`), { lines: ['通知'] })));
    // The clock stands still here, so the 21st call must wait a whole window.
    expect(sleeps).toContain(1000);
    expect(standIn.calls).toHaveLength(21);
  });

  it('without a card template, live-card edits are dropped: robot messages cannot be edited', async () => {
    const before = standIn.calls.length;
    const result = await platform().update({ platform: 'dingtalk', tenant: 'corp', kind: 'chat', id: 'cidGroup==' }, 'pqk-1', { lines: ['已签到 2 / 应到 4'], liveKey: 'activity:1', buttons: [{ label: '签到', action: { command: '签到', activityId: '1' } }] });
    expect(result).toEqual({ ok: true });
    expect(standIn.calls).toHaveLength(before);
  });
});
