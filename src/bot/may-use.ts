import { meetsLevel } from './actor.js';
import type { Command, Level } from './command.js';

/** What decides which commands someone is offered (in /help, in "did you mean"). */
export interface Asker {
  level: Level;
  /** On some branch's roster: a member-level command is theirs wherever they ask. */
  isOnRoster: boolean;
  /** Their level with no branch in view: a tree command (/org, /digest tree) counts it. */
  levelAnywhere?: Level;
}

/** Whether `command` is one to offer `asker`: hidden commands never are. */
export function mayUse(asker: Asker, command: Command): boolean {
  if (command.isHidden) return false;
  const level = command.isTreeCommand === true && asker.levelAnywhere !== undefined && meetsLevel(asker.levelAnywhere, asker.level)
    ? asker.levelAnywhere
    : asker.level;
  if (command.level === 'member') return asker.isOnRoster || meetsLevel(level, 'secretary');
  return meetsLevel(level, command.level);
}
