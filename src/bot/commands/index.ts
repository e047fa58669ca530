import type { Command } from '../command.js';
import { activityCardCommand } from './activity-card.js';
import { activityCancelCommand } from './activity-cancel.js';
import { activityListCommand } from './activity-list.js';
import { activityMoveCommand } from './activity-move.js';
import { activityNewCommand } from './activity-new.js';
import { activityThemeCommand } from './activity-theme.js';
import { attendanceCommand } from './attendance.js';
import { bindCommand } from './bind.js';
import { branchNewCommand } from './branch-new.js';
import { branchSetCommand } from './branch-set.js';
import { checkinCommand } from './checkin.js';
import { digestCommand, digestTreeCommand } from './digest.js';
import { duesAssessCommand } from './dues-assess.js';
import { duesConfirmCommand } from './dues-confirm.js';
import { duesReportCommand } from './dues-report.js';
import { duesSetCommand } from './dues-set.js';
import { exportCommand } from './export.js';
import { exportTreeCommand } from './export-tree.js';
import { helpCommand } from './help.js';
import { holidaysCommand } from './holidays.js';
import { importMembersCommand } from './import-members.js';
import { leaveApproveCommand, leaveRejectCommand } from './leave-decide.js';
import { leaveCommand } from './leave.js';
import { meCommand } from './me.js';
import { memberAddCommand } from './member-add.js';
import { memberListCommand } from './member-list.js';
import { memberRemoveCommand } from './member-remove.js';
import { memberSetCommand } from './member-set.js';
import { orgDissolveCommand } from './org-dissolve.js';
import { orgImportCommand } from './org-import.js';
import { orgMergeCommand } from './org-merge.js';
import { orgMoveCommand } from './org-move.js';
import { orgRenameCommand } from './org-rename.js';
import { orgTermCommand } from './org-term.js';
import { orgTermsCommand } from './org-terms.js';
import { paidCommand } from './paid.js';
import { recordCommand } from './record.js';
import { remindPreviewCommand } from './remind-preview.js';
import { roleGrantCommand } from './role-grant.js';
import { roleRevokeCommand } from './role-revoke.js';
import { unbindCommand } from './unbind.js';
import { welcomeCommand } from './welcome.js';
import { whoamiCommand } from './whoami.js';

/** Every command, in the order /help lists them: members' first, then officers', then admins'. */
export const allCommands: readonly Command[] = [
  checkinCommand,
  leaveCommand,
  paidCommand,
  meCommand,
  activityListCommand,
  helpCommand,
  whoamiCommand,
  attendanceCommand,
  recordCommand,
  digestCommand,
  digestTreeCommand,
  leaveApproveCommand,
  leaveRejectCommand,
  activityNewCommand,
  activityCardCommand,
  activityMoveCommand,
  activityThemeCommand,
  activityCancelCommand,
  memberAddCommand,
  memberSetCommand,
  memberListCommand,
  memberRemoveCommand,
  duesSetCommand,
  duesAssessCommand,
  duesConfirmCommand,
  duesReportCommand,
  remindPreviewCommand,
  exportCommand,
  exportTreeCommand,
  importMembersCommand,
  orgImportCommand,
  bindCommand,
  unbindCommand,
  branchNewCommand,
  orgRenameCommand,
  orgMoveCommand,
  orgDissolveCommand,
  orgMergeCommand,
  orgTermCommand,
  orgTermsCommand,
  branchSetCommand,
  roleGrantCommand,
  roleRevokeCommand,
  holidaysCommand,
  welcomeCommand,
];
