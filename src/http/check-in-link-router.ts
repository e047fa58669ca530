import { systemClock, type Clock } from '../clock.js';
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { loadAccountActor } from '../bot/actor.js';
import type { HandleMessage } from '../bot/handle-message.js';
import type { Db } from '../db/client.js';
import type { IncomingMessage, Reply } from '../bot/types.js';
import type { Logger } from '../logger.js';
import { sendCheckInHeaders, sendCheckInPage, sendConfirmPage, type PageContent } from './check-in-page.js';
import { readLinkToken } from './link-token.js';

export interface CheckInLinkRouterDeps {
  db: Db;
  /** ZHIBU_LINK_SECRET. */
  secret: string;
  /** The conversation core: the link is a 签到 by the person it names. */
  handleMessage: HandleMessage;
  /** Sends the core's other replies (an edit of a check-in card, say) through their platforms. */
  deliver: (replies: Reply[], eventId: string) => Promise<unknown>;
  log: Logger;
  clock?: Clock;
}

const REFUSED: Record<'malformed' | 'forged' | 'expired', { status: number; page: PageContent }> = {
  malformed: { status: 403, page: { heading: '链接无效', lines: ['这个签到链接不完整或已被改动，不能使用。', '请回到钉钉，在支部群里发送「@支部助手 签到」。'], tone: 'error' } },
  forged: { status: 403, page: { heading: '链接无效', lines: ['这个签到链接不完整或已被改动，不能使用。', '请回到钉钉，在支部群里发送「@支部助手 签到」。'], tone: 'error' } },
  expired: { status: 410, page: { heading: '链接已过期', lines: ['签到链接只在活动当天有效。', '如需补签，请联系支部书记。'], tone: 'warning' } },
};

const LEFT: PageContent = { heading: '链接已失效', lines: ['你不在（或已不在）支部党员名册中，这个签到链接不能使用。', '如有疑问，请联系支部书记。'], tone: 'error' };

/**
 * `/c/<token>`: a one-tap check-in. The token (link-token.ts) names the person and the
 * activity. Opening the link (GET) shows a page that posts itself, so a link preview, which
 * fetches but runs no script, checks nobody in; the POST runs the check-in through the
 * conversation core like a typed 签到 with `action.via = 'link'`, so the roster, the check-in
 * window, lateness and "already checked in" all apply, and the page shows the core's answer.
 * A bad or expired token changes nothing, and so does the link of a member who has left the
 * roster since it was made (403): rights are checked when the link is used.
 */
export function checkInLinkRouter(deps: CheckInLinkRouterDeps): Router {
  const router = express.Router();
  const clock = deps.clock ?? systemClock;
  const refusal = async (token: string, res: express.Response) => {
    const reading = readLinkToken(token, deps.secret, clock().getTime());
    if (!reading.ok) {
      deps.log.warn({ reason: reading.reason }, 'check-in link refused');
      sendCheckInPage(res, REFUSED[reading.reason].status, REFUSED[reading.reason].page);
      return undefined;
    }
    const holder = await loadAccountActor(deps.db, reading.claims, new Set());
    if (holder.member) return reading;
    deps.log.warn({ activityId: reading.claims.activityId }, 'check-in link refused: its holder is on no roster');
    sendCheckInPage(res, 403, LEFT);
    return undefined;
  };
  router.get('/c/:token', async (req, res) => {
    // Express answers HEAD with the GET route; neither checks anyone in.
    if (req.method === 'HEAD') {
      sendCheckInHeaders(res);
      return;
    }
    if (await refusal(req.params.token, res)) sendConfirmPage(res);
  });
  router.post('/c/:token', async (req, res) => {
    const now = clock();
    const reading = await refusal(req.params.token, res);
    if (!reading) return;
    const { platform, tenant, userId, activityId } = reading.claims;
    const msg: IncomingMessage = {
      platform, tenant, chatId: `link:${userId}`, chatType: 'p2p', senderId: userId, text: '签到', mentionedBot: true, mentions: [],
      // Each tap is its own event: a second tap is answered "already checked in" by the core.
      eventId: `link:${randomUUID()}`, action: { command: '签到', activityId: String(activityId), via: 'link' }, receivedAt: now,
      // The page shows the answer; the other replies are sent below.
      inlineReplies: true,
    };
    let replies: Reply[];
    try {
      replies = await deps.handleMessage(msg);
    } catch (error) {
      deps.log.error({ err: error }, 'check-in link failed');
      sendCheckInPage(res, 500, { heading: '出错了', lines: ['抱歉，签到时出错了，已记录下来。请稍后再试，或在群里发送「@支部助手 签到」。'], tone: 'error' });
      return;
    }
    const isAnswer = (r: Reply) => r.to.kind === 'chat' && r.to.id === msg.chatId && !r.replaceMessageId;
    const others = replies.filter((r) => !isAnswer(r));
    if (others.length > 0) deps.deliver(others, msg.eventId).catch((error: unknown) => deps.log.error({ err: error }, 'check-in link follow-up not delivered'));
    const answers = replies.filter(isAnswer).map((r) => r.message);
    const tone = answers[0]?.tone ?? 'info';
    const heading = { success: '签到成功', info: '签到', warning: '未能签到', error: '出错了' }[tone];
    const lines = answers.flatMap((m) => m.lines);
    sendCheckInPage(res, tone === 'warning' ? 409 : tone === 'error' ? 500 : 200, { heading, lines: lines.length > 0 ? lines : ['已处理。'], tone });
  });
  return router;
}
