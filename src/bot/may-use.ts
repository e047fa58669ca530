import { meetsLevel } from './actor.js';
import type { Command, Level } from './command.js';

/** What decides which commands someone is offered (in /help, in "did you mean"). */
export interface Asker {
  level: Level;
  /** On some branch's roster: a member-level command is theirs wherever they ask. */
  isOnRoster: boolean;
}

/** Whether `command` is one to offer `asker`: hidden commands never are. */
export function mayUse(asker: Asker, command: Command): boolean {
  if (command.isHidden) return false;
  if (command.level === 'member') return asker.isOnRoster || meetsLevel(asker.level, 'secretary');
  return meetsLevel(asker.level, command.level);
}
