import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Actor } from './actor.js';
import type { BranchRef } from './branch-ref.js';
import type { FileStore } from '../storage/file-store.js';
import type { FetchAttachment, IncomingMessage, Mention, Reply } from './types.js';

/** Who may use a command, lowest first. A higher level includes the lower ones. */
export type Level = 'anyone' | 'member' | 'secretary' | 'admin';

/** The arguments of a command line, before a command's own schema reads them. */
export interface CommandInput {
  words: string[];
  named: Record<string, string>;
  mentions: Mention[];
  /** The text after the command's name, as typed (for free text such as a leave reason). */
  rest: string;
}

/** What a command runs with. */
export interface CommandContext {
  db: Db;
  msg: IncomingMessage;
  now: Date;
  actor: Actor;
  /** The actor's level in `branch` (or globally without one). */
  level: Level;
  /** The branch the command acts on: the chat's, or in private chat the asker's own. */
  branch: BranchRef | undefined;
  /** The time zone for a chat without a branch. */
  defaultZone: string;
  /**
   * A plain group message neither addressed to the bot nor a slash command: a bare word
   * (签到, 已缴) said in passing. Commands read no more into such a message than its bare word.
   */
  isChatter: boolean;
  log: Logger;
  /** The registry, for commands that describe commands (/help). */
  commands: readonly Command[];
  /** Fetches a file someone sent; absent where no platform can. */
  fetchAttachment?: FetchAttachment | undefined;
  /** Where meeting records' photos and files are kept; absent in tools that keep none. */
  files?: FileStore | undefined;
}

/**
 * A command as written in src/bot/commands/: a spec plus a zod schema for its arguments.
 *
 * @example
 * defineCommand({ name: 'activity list', aliases: ['活动 列表'], level: 'member', branch: 'required',
 *   summary: '近期活动', usage: '/activity list', args: z.object({}), run: async (ctx) => [...] })
 */
export interface CommandDefinition<A> {
  /** English words, as typed after the slash: 'member add'. */
  name: string;
  /** Other names, typically Chinese: '成员 添加'. */
  aliases?: string[];
  /** Words that work without a slash, also in plain group chatter: 签到, 到. */
  bare?: string[];
  /** Left out of /help and did-you-mean: sent by platforms, not typed by people. */
  isHidden?: boolean;
  /** Whether a bare word may be glued to the text after it: 请假出差, 已缴75. */
  isBareGlued?: boolean;
  /**
   * Whether everything it answers, refusals included, is for the asker's eyes only: asked in
   * a group, the group hears a short note and the answer goes in private (dues figures).
   */
  isPrivate?: boolean;
  level: Level;
  /**
   * A read-only command an upper level may run for a branch below it with `branch=<名称>`
   * (src/bot/branch-below.ts); each such read is audited.
   */
  readsBranchBelow?: boolean;
  /**
   * Acts on organisations the line names (or the asker's whole part of the tree), not on the
   * chat's branch alone: the asker's level anywhere (an admin grant on any organisation) counts
   * as well as their level in the chat's branch, and the command checks the organisations it
   * touches itself.
   */
  isTreeCommand?: boolean;
  /** Whether the command acts on a branch, so the chat must be bound to one. */
  branch: 'required' | 'none';
  /** One line for /help, in Chinese. */
  summary: string;
  usage: string;
  examples?: string[];
  /** Further lines for /help <command>, in Chinese: the rules its effect follows. */
  notes?: string[];
  /** Named-argument keys and their aliases: { joined: ['入党日期'] }. */
  keys?: Record<string, string[]>;
  args: z.ZodType<A>;
  run(ctx: CommandContext, args: A): Promise<Reply[]>;
}

/** A registered command, its argument type erased behind `execute`. */
export interface Command extends Omit<CommandDefinition<unknown>, 'args' | 'run'> {
  execute(ctx: CommandContext, input: CommandInput): Promise<Reply[]>;
}
