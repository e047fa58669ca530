import { systemClock, type Clock } from '../clock.js';
import express, { type Router } from 'express';
import { accountOfKey, administers, levelIn, loadAccountActor, meetsLevel, type Actor } from '../bot/actor.js';
import { levelFromAbove } from '../bot/branch-below.js';
import { toBranchRef, type BranchRef } from '../bot/branch-ref.js';
import { exportCommand } from '../bot/commands/export.js';
import type { Db } from '../db/client.js';
import { parsePeriod } from '../domain/ledger-period.js';
import { exportLedger } from '../ledger/export-ledger.js';
import type { Logger } from '../logger.js';
import { sendCheckInPage, type PageContent } from './check-in-page.js';
import { readExportToken, recordOfSubject, treePackOfSubject, ZIP_SUFFIX, type TreePackSubject } from './export-token.js';
import type { FileStore } from '../storage/file-store.js';
import { exportMeetingRecord } from '../ledger/export-meeting-record.js';
import { exportTreePack } from '../ledger/export-tree-pack.js';

export interface ExportRouterDeps {
  db: Db;
  /** ZHIBU_LINK_SECRET. */
  secret: string;
  defaultZone: string;
  log: Logger;
  /** ZHIBU_ADMINS ("platform:userId"): a bootstrap admin's link stays good while they are one. */
  admins?: ReadonlySet<string>;
  clock?: Clock;
  /** Where meeting records' photos and files are, for links to a .zip. */
  files?: FileStore | undefined;
}

const INVALID: PageContent = { heading: '链接无效', lines: ['这个下载链接不完整或已被改动，不能使用。', '请重新向支部助手发送 /export。'], tone: 'error' };

/** What an expired link's holder sends for a new one: the command that made the link they hold. */
export function expiredPage(subject: string): PageContent {
  const pack = treePackOfSubject(subject);
  const record = recordOfSubject(subject);
  const isZip = subject.endsWith(ZIP_SUFFIX);
  const period = isZip ? subject.slice(0, -ZIP_SUFFIX.length) : subject;
  const [what, command] = pack ? ['年度台账', `/export tree year=${pack.year}`]
    : record !== undefined ? ['会议记录', `/record ${record} print`]
      : ['台账', `/export ${period.length === 4 ? 'year' : 'month'}=${period}${isZip ? ' zip' : ''}`];
  return { heading: '链接已过期', lines: [`${what}下载链接只在发出后 15 分钟内有效。`, `请重新向支部助手发送 ${command}。`], tone: 'warning' };
}

const NO_LONGER_ALLOWED: PageContent = {
  heading: '无权下载',
  lines: ['链接的申请人已不再担任可以导出本支部台账的职务（支部书记、副书记、组织委员或管理员），链接已失效。', '如仍需台账，请现任书记发送 /export。'],
  tone: 'error',
};

const NO_LONGER_ADMIN: PageContent = {
  heading: '无权下载',
  lines: ['链接的申请人已不再是所导出组织的管理员，链接已失效。', '如仍需年度台账，请现任管理员发送 /export tree。'],
  tone: 'error',
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * `GET /exports/<token>`: the ledger workbook a download link names (export-token.ts), for
 * platforms whose robots cannot send files. The workbook is rebuilt from the records on each
 * download rather than kept on disk: nothing with personal data lies around waiting to be
 * cleaned up, any instance behind a load balancer can answer, and the file is as current as
 * the records. Each download is audited like any export. A HEAD request (a link preview)
 * builds nothing.
 */
export function exportRouter(deps: ExportRouterDeps): Router {
  const router = express.Router();
  const clock = deps.clock ?? systemClock;
  router.get('/exports/:token', async (req, res) => {
    const now = clock();
    const reading = readExportToken(req.params.token, deps.secret, now.getTime());
    if (!reading.ok) {
      deps.log.warn({ reason: reading.reason }, 'export link refused');
      if (reading.reason === 'expired') sendCheckInPage(res, 410, expiredPage(reading.claims.period));
      else sendCheckInPage(res, 403, INVALID);
      return;
    }
    const { branchId, period: claimed, actor } = reading.claims;
    const pack = treePackOfSubject(claimed);
    if (pack) {
      await sendTreePack(deps, req, res, { pack, now, actor });
      return;
    }
    const recordOf = recordOfSubject(claimed);
    const isZip = claimed.endsWith(ZIP_SUFFIX);
    const written = isZip ? claimed.slice(0, -ZIP_SUFFIX.length) : claimed;
    const period = recordOf === undefined ? parsePeriod(written) : undefined;
    const type = recordOf !== undefined ? DOCX : isZip ? 'application/zip' : XLSX;
    const branch = await deps.db.organization.findUnique({ where: { id: branchId } });
    if ((!period && recordOf === undefined) || !branch) {
      sendCheckInPage(res, 410, { heading: '台账已不存在', lines: ['链接所指的支部已不存在。'], tone: 'warning' });
      return;
    }
    if (!(await mayStillExport(deps, actor, toBranchRef(branch, deps.defaultZone)))) {
      deps.log.warn({ branchId }, 'export link refused: its holder may no longer export');
      sendCheckInPage(res, 403, NO_LONGER_ALLOWED);
      return;
    }
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
    if (req.method === 'HEAD') {
      res.status(200).type(type).end();
      return;
    }
    if (recordOf !== undefined) {
      await sendRecord(deps, res, { activityId: recordOf, branchId, now, actor });
      return;
    }
    if (!period) return;
    try {
      const file = await exportLedger(deps.db, { branchId, period, now, defaultZone: deps.defaultZone, actor, via: 'link', format: isZip ? 'zip' : 'xlsx', files: deps.files });
      res.status(200).type(type)
        .set('content-disposition', `attachment; filename="ledger-${written}.${isZip ? 'zip' : 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(file.content);
    } catch (error) {
      deps.log.error({ err: error, branchId }, 'ledger download failed');
      sendCheckInPage(res, 500, { heading: '出错了', lines: ['抱歉，生成台账时出错了，已记录下来。请稍后再试。'], tone: 'error' });
    }
  });
  return router;
}

/** A printable meeting record, rebuilt like a ledger; only an activity of the token's branch. */
async function sendRecord(deps: ExportRouterDeps, res: express.Response, claims: { activityId: number; branchId: number; now: Date; actor: string }): Promise<void> {
  const activity = await deps.db.activity.findUnique({ where: { id: claims.activityId }, select: { branchId: true } });
  if (activity?.branchId !== claims.branchId) {
    sendCheckInPage(res, 410, { heading: '会议记录已不存在', lines: ['链接所指的活动已不存在。'], tone: 'warning' });
    return;
  }
  try {
    const file = await exportMeetingRecord(deps.db, { activityId: claims.activityId, now: claims.now, defaultZone: deps.defaultZone, actor: claims.actor, via: 'link' });
    if (!file) return void sendCheckInPage(res, 410, { heading: '会议记录已不存在', lines: ['链接所指的活动已不存在。'], tone: 'warning' });
    res.status(200).type(DOCX)
      .set('content-disposition', `attachment; filename="record-${claims.activityId}.docx"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(file.content);
  } catch (error) {
    deps.log.error({ err: error, activityId: claims.activityId }, 'meeting record download failed');
    sendCheckInPage(res, 500, { heading: '出错了', lines: ['抱歉，生成会议记录时出错了，已记录下来。请稍后再试。'], tone: 'error' });
  }
}

/** The upper level's year-end pack, rebuilt like a ledger while its holder still administers every organisation in it. */
async function sendTreePack(deps: ExportRouterDeps, req: express.Request, res: express.Response, claims: { pack: TreePackSubject; now: Date; actor: string }): Promise<void> {
  const { pack, now, actor } = claims;
  if (pack.rootIds !== 'all') {
    const live = await deps.db.organization.count({ where: { id: { in: [...pack.rootIds] }, dissolvedAt: null } });
    if (live !== pack.rootIds.length) return void sendCheckInPage(res, 410, { heading: '台账已不存在', lines: ['链接所指的组织已撤销或不存在。'], tone: 'warning' });
  }
  const account = accountOfKey(actor);
  const holder = account && await loadAccountActor(deps.db, account, deps.admins ?? new Set());
  if (!holder || !(await administersAll(deps, holder, pack.rootIds))) {
    deps.log.warn({ rootIds: pack.rootIds }, 'tree pack link refused: its holder no longer administers it');
    return void sendCheckInPage(res, 403, NO_LONGER_ADMIN);
  }
  res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
  if (req.method === 'HEAD') return void res.status(200).type(XLSX).end();
  try {
    const file = await exportTreePack(deps.db, { rootIds: pack.rootIds, year: pack.year, now, defaultZone: deps.defaultZone, actor, actorMemberId: holder.member?.id ?? null, via: 'link' });
    res.status(200).type(XLSX)
      .set('content-disposition', `attachment; filename="tree-${pack.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(file.content);
  } catch (error) {
    deps.log.error({ err: error, rootIds: pack.rootIds }, 'tree pack download failed');
    sendCheckInPage(res, 500, { heading: '出错了', lines: ['抱歉，生成年度台账时出错了，已记录下来。请稍后再试。'], tone: 'error' });
  }
}

/** As /export tree asks: a pack of every organisation is a bootstrap admin's; the others need admin of each organisation (or above it). */
async function administersAll(deps: ExportRouterDeps, holder: Actor, rootIds: TreePackSubject['rootIds']): Promise<boolean> {
  if (rootIds === 'all') return holder.isBootstrapAdmin;
  for (const id of rootIds) if (!(await administers(deps.db, holder, id))) return false;
  return true;
}

/**
 * Rights are checked when the link is used, not only when it was made: the holder may have
 * lost the post (`/role revoke`) or left the roster (`/member remove`) in its 15 minutes.
 */
async function mayStillExport(deps: ExportRouterDeps, actor: string, branch: BranchRef): Promise<boolean> {
  const account = accountOfKey(actor);
  if (!account) return false;
  const holder = await loadAccountActor(deps.db, account, deps.admins ?? new Set());
  if (meetsLevel(await levelIn(deps.db, holder, branch), exportCommand.level)) return true;
  // A ledger the upper level exported with branch=<名称> stays theirs while they hold that post.
  return meetsLevel((await levelFromAbove(deps.db, holder, branch.id)) ?? 'anyone', exportCommand.level);
}
