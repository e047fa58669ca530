import { systemClock, type Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { PlatformName } from '../bot/types.js';
import { signLinkToken } from './link-token.js';

export interface CheckInLinksOptions {
  db: Db;
  /** ZHIBU_LINK_SECRET. */
  secret: string;
  /** ZHIBU_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  clock?: Clock;
}

/**
 * Mints one-tap check-in links (`<ZHIBU_PUBLIC_URL>/c/<token>`) for one person and one
 * activity. A link expires when the activity's check-in closes (the end of its day); none is
 * made for an activity that is cancelled, unknown or already closed.
 */
export function createCheckInLinks(options: CheckInLinksOptions) {
  const clock = options.clock ?? systemClock;
  return {
    async mint(person: { platform: PlatformName; tenant: string; userId: string }, activityId: number): Promise<string | undefined> {
      const activity = await options.db.activity.findUnique({ where: { id: activityId }, select: { status: true, checkInClosesAt: true } });
      if (!activity || activity.status !== 'scheduled' || activity.checkInClosesAt <= clock()) return undefined;
      const token = signLinkToken({ ...person, activityId, expiresAt: activity.checkInClosesAt }, options.secret);
      return `${options.publicUrl}/c/${token}`;
    },
  };
}
