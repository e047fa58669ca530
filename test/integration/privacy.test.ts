import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { createTestChat, type SayOptions } from '../support/chat.js';
import { testProviders } from '../support/test-database.js';

const LEAVE_REASON = '去医院复查';
const REJECT_NOTE = '本次为重要学习';
/** An amount as people write it: digits with a decimal point or followed by 元. */
const AMOUNT = /\d+\.\d+|\d+\s*元/u;

describe.each(testProviders())('privacy on %s', (provider) => {
  const f = useBranchFixture(provider);

  it('every member-side path said in the group: no group reply carries an amount, arrears, absences or a leave reason', async () => {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-06' } } });
    const chat = createTestChat(f.db, { now: shanghai('10:00') });
    const group: string[] = [];
    const inPrivate: string[] = [];
    const say = async (speaker: string, text: string, opts: SayOptions = {}): Promise<Reply[]> => {
      const replies = await chat.say(speaker, text, opts);
      for (const r of replies) (r.to.kind === 'chat' ? group : inPrivate).push(renderText(r.message));
      return replies;
    };
    const buttonFor = (replies: Reply[], userId: string) => replies.find((r) => r.to.id === userId)?.message.buttons?.[0]?.action ?? {};

    await say('张三', '/dues set @李四 amount=75.00');
    await say('张三', '/dues assess @王五 base=8200 category=in_service');
    await say('张三', '/dues assess @赵六 base=5000 category=retired');
    await say('王五', `请假 ${LEAVE_REASON}`);
    await say('赵六', `请假：${LEAVE_REASON}`, { mentionedBot: false });
    await say('张三', '/leave approve @王五');
    await say('张三', `/leave reject @赵六 ${REJECT_NOTE}`);
    const paid = await say('李四', '已缴 75');
    await say('李四', '已缴75', { mentionedBot: false });
    await say('李四', '/paid 225 months=3');
    await say('李四', '已缴 80 month=2026-10');
    await say('王五', '', { action: { command: '/paid', month: '2026-11' } });
    for (const bad of ['已缴 5000', '已缴 -5', '已缴 0.01', '/paid 75 month=2026-13', '/paid 75 month=2027-03', '/paid 75 month=2026-01', '/paid 75 months=9']) await say('李四', bad);
    await say('王五', '/dues confirm @李四');
    await say('张三', '', { action: buttonFor(paid, '张三') });
    await say('张三', '/dues confirm @李四');
    await say('张三', '/dues confirm 赵六 month=2026-11 amount=25');
    await say('张三', '/dues set @李四 amount=2000');
    await say('张三', '/dues assess @李四 base=90000');
    await say('张三', '/dues report');
    await say('张三', '/dues report month=2026-13');
    await say('张三', '/member set @赵六 exempt=yes');
    for (const who of ['李四', '王五', '赵六', '张三']) {
      await say(who, '/me');
      await say(who, '我的');
    }
    chat.setNow(shanghai('15:30'));
    await say('李四', '签到', { action: { command: '签到', activityId: String(f.activityId) } });
    await say('张三', '/checkin @王五');
    chat.setNow(shanghai('09:00', '2026-12-05'));
    await say('张三', '/attendance');
    await say('张三', '/member list');
    await say('李四', '/me');

    // The details did go somewhere: to the people concerned, in private.
    expect(inPrivate.join('\n')).toContain('75.00 元');
    expect(inPrivate.join('\n')).toContain(LEAVE_REASON);
    expect(inPrivate.join('\n')).toContain(REJECT_NOTE);
    expect(inPrivate.join('\n')).toContain('缺席：张三');
    expect(group.length).toBeGreaterThan(40);
    for (const line of group) {
      expect(line).not.toMatch(AMOUNT);
      expect(line).not.toMatch(/(?<!\d)(75|80|225|123|25)(?!\d)/u);
      for (const secret of [LEAVE_REASON, REJECT_NOTE, '未缴', '缺席', '免于督促', '欠']) expect(line).not.toContain(secret);
    }
  });
});
