import type { Command } from '../command.js';
import { activityCancelCommand } from './activity-cancel.js';
import { activityListCommand } from './activity-list.js';
import { activityMoveCommand } from './activity-move.js';
import { activityNewCommand } from './activity-new.js';
import { attendanceCommand } from './attendance.js';
import { bindCommand } from './bind.js';
import { branchNewCommand } from './branch-new.js';
import { branchSetCommand } from './branch-set.js';
import { checkinCommand } from './checkin.js';
import { helpCommand } from './help.js';
import { holidaysCommand } from './holidays.js';
import { leaveApproveCommand, leaveRejectCommand } from './leave-decide.js';
import { leaveCommand } from './leave.js';
import { memberAddCommand } from './member-add.js';
import { memberListCommand } from './member-list.js';
import { remindPreviewCommand } from './remind-preview.js';
import { unbindCommand } from './unbind.js';

/** Every command, in the order /help lists them: members' first, then officers', then admins'. */
export const allCommands: readonly Command[] = [
  checkinCommand,
  leaveCommand,
  activityListCommand,
  helpCommand,
  attendanceCommand,
  leaveApproveCommand,
  leaveRejectCommand,
  activityNewCommand,
  activityMoveCommand,
  activityCancelCommand,
  memberAddCommand,
  memberListCommand,
  remindPreviewCommand,
  bindCommand,
  unbindCommand,
  branchNewCommand,
  branchSetCommand,
  holidaysCommand,
];
