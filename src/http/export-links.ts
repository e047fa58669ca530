import { systemClock, type Clock } from '../clock.js';
import type { OutgoingFile, PlatformName } from '../bot/types.js';
import { recordSubject, signExportToken, treePackSubject, ZIP_SUFFIX } from './export-token.js';

/** How long a ledger download link works. */
export const EXPORT_LINK_TTL_MS = 15 * 60_000;

export interface ExportLinksOptions {
  /** ZHIBU_LINK_SECRET. */
  secret: string;
  /** ZHIBU_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  clock?: Clock;
}

/** Mints a file's download link for platforms whose robots cannot send files. */
export interface ExportLinkMinter {
  /** `<ZHIBU_PUBLIC_URL>/exports/<token>`, valid for 15 minutes; undefined for a file no link can rebuild. */
  mint(file: OutgoingFile, person: { platform: PlatformName; tenant: string; userId: string }): string | undefined;
}

export function createExportLinks(options: ExportLinksOptions): ExportLinkMinter {
  const clock = options.clock ?? systemClock;
  return {
    mint(file, person) {
      const subject = file.ledger ?? (file.record && { branchId: file.record.branchId, period: recordSubject(file.record.activityId) }) ?? (file.treePack && treePackSubject(file.treePack));
      if (!subject) return undefined;
      const token = signExportToken({
        branchId: subject.branchId, period: file.ledger?.format === 'zip' ? `${subject.period}${ZIP_SUFFIX}` : subject.period,
        actor: `${person.platform}:${person.tenant}:${person.userId}`, expiresAt: new Date(clock().getTime() + EXPORT_LINK_TTL_MS),
      }, options.secret);
      return `${options.publicUrl}/exports/${token}`;
    },
  };
}
