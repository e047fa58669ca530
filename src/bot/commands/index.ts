import type { Command } from '../command.js';
import { activityCardCommand } from './activity-card.js';
import { activityListCommand } from './activity-list.js';
import { activityNewCommand } from './activity-new.js';
import { attendanceCommand } from './attendance.js';
import { bindCommand } from './bind.js';
import { checkinCommand } from './checkin.js';
import { helpCommand } from './help.js';
import { leaveApproveCommand, leaveRejectCommand } from './leave-decide.js';
import { leaveCommand } from './leave.js';
import { memberAddCommand } from './member-add.js';
import { memberListCommand } from './member-list.js';
import { unbindCommand } from './unbind.js';
import { welcomeCommand } from './welcome.js';
import { whoamiCommand } from './whoami.js';

/** Every command, in the order /help lists them: members' first, then officers', then admins'. */
export const allCommands: readonly Command[] = [
  checkinCommand,
  leaveCommand,
  activityListCommand,
  helpCommand,
  whoamiCommand,
  attendanceCommand,
  leaveApproveCommand,
  leaveRejectCommand,
  activityNewCommand,
  activityCardCommand,
  memberAddCommand,
  memberListCommand,
  bindCommand,
  unbindCommand,
  welcomeCommand,
];
