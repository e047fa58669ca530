import { createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.js';
import { checkInTiming } from '../domain/check-in-window.js';
import { toBranchRef } from './branch-ref.js';
import { recordCheckIn } from './check-in-record.js';

/** Whom and what a one-tap check-in link is for. */
export interface CheckInLinkRef {
  activityId: number;
  memberId: number;
}

/**
 * The token of a member's personal check-in link: `<activityId>.<memberId>.<signature>`, the
 * signature an HMAC-SHA256 of the two ids under ZHIBU_LINK_SECRET (128 bits, base64url). It
 * needs no expiry: it only works while that activity's check-in window is open.
 *
 * @example
 * `${publicUrl}/c/${checkInLinkToken(secret, { activityId: 12, memberId: 5 })}` // in a private reminder
 */
export function checkInLinkToken(secret: string, ref: CheckInLinkRef): string {
  return `${ref.activityId}.${ref.memberId}.${signature(secret, ref)}`;
}

/** The link to put in a member's private reminder: `<ZHIBU_PUBLIC_URL>/c/<token>`. */
export function checkInLinkUrl(publicUrl: string, secret: string, ref: CheckInLinkRef): string {
  return `${publicUrl.replace(/\/+$/, '')}/c/${checkInLinkToken(secret, ref)}`;
}

/** The ids a token carries, if its signature holds. */
export function readCheckInLinkToken(secret: string, token: string): CheckInLinkRef | undefined {
  const match = /^(\d{1,9})\.(\d{1,9})\.([\w-]{22})$/.exec(token);
  if (!match) return undefined;
  const ref = { activityId: Number(match[1]), memberId: Number(match[2]) };
  const expected = Buffer.from(signature(secret, ref));
  const given = Buffer.from(match[3] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected) ? ref : undefined;
}

function signature(secret: string, ref: CheckInLinkRef): string {
  return createHmac('sha256', secret).update(`checkin:${ref.activityId}.${ref.memberId}`).digest().subarray(0, 16).toString('base64url');
}

/**
 * Checks a member in by their link: the same CheckIn row as typing 签到 or pressing the card
 * button, marked as coming by link. Returns the Chinese line to show on the page.
 */
export async function checkInByLink(db: Db, ref: CheckInLinkRef, now: Date, defaultZone: string): Promise<string> {
  const [member, activity] = await Promise.all([
    db.member.findUnique({ where: { id: ref.memberId }, include: { branch: true } }),
    db.activity.findUnique({ where: { id: ref.activityId } }),
  ]);
  if (!member || member.leftAt !== null || !activity || activity.branchId !== member.branchId) return '这个签到链接已失效。请在群里发送「签到」。';
  if (activity.status === 'cancelled') return `「${activity.title}」已取消，无需签到。`;
  const { zone } = toBranchRef(member.branch, defaultZone);
  const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('HH:mm');
  const timing = checkInTiming({ opensAt: activity.checkInOpensAt, closesAt: activity.checkInClosesAt, lateAfter: activity.lateAfter }, now);
  if (timing === 'not_open') return `「${activity.title}」的签到还没开始，${DateTime.fromJSDate(activity.checkInOpensAt, { zone }).toFormat('M月d日 HH:mm')} 开放。`;
  if (timing === 'closed') return `「${activity.title}」的签到已经结束。如需补签，请联系支部书记。`;
  const outcome = await recordCheckIn(db, { memberId: member.id, activity, via: 'link', now, recordedBy: `link:${member.id}` });
  if (!outcome.isNew) return `${member.name}已签到${outcome.checkedInAt ? `（${hhmm(outcome.checkedInAt)}）` : ''}，无需重复。`;
  return `${member.name}签到成功${outcome.status === 'late' ? `（迟到，活动 ${hhmm(activity.startsAt)} 开始）` : ''}：${activity.title}。`;
}
