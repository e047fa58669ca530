import { z } from 'zod';
import type { Command, CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { mayUse as mayOffer } from '../may-use.js';
import { answer } from '../replies.js';
import { quoteInput } from '../quote-input.js';

export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['帮助'],
  level: 'anyone',
  branch: 'none',
  summary: '列出你可以使用的命令；/help <命令> 查看一条命令的用法',
  usage: '/help [命令]',
  examples: ['/help', '/help activity new'],
  args: z.object({ words: z.array(z.string()) }),
  async run(ctx, { words }) {
    if (words.length === 0) return [answer(ctx.msg, { title: 'zhibu 支部助手', lines: overview(ctx) })];
    const wanted = words.join(' ').toLowerCase().replace(/^[/／]/, '');
    const visible = ctx.commands.filter((c) => !c.isHidden);
    const command = visible.find((c) => names(c).some((n) => n.toLowerCase() === wanted))
      ?? visible.find((c) => names(c).some((n) => n.toLowerCase().startsWith(wanted)));
    if (!command) throw new CommandError('not_found', `没有${quoteInput(words.join(' '))}这个命令。发送 /help 查看全部命令。`);
    return [answer(ctx.msg, { title: command.usage, lines: detail(command) })];
  },
});

function names(command: Command): string[] {
  return [command.name, ...(command.aliases ?? []), ...(command.bare ?? [])];
}

function mayUse(ctx: CommandContext, command: Command): boolean {
  return mayOffer({ level: ctx.level, isOnRoster: ctx.actor.member !== null }, command);
}

function overview(ctx: CommandContext): string[] {
  const usable = ctx.commands.filter((c) => mayUse(ctx, c));
  const lines = usable.map((c) => `${spokenNames(c)[0] ?? ''}${aliasNote(c)} — ${c.summary}`);
  // The example is a command the asker may use, named as they would say it.
  const example = usable.find((c) => c.level !== 'anyone') ?? usable[0];
  return [...lines, '', `发送 /help <命令> 查看用法${example ? `，例如 /help ${(spokenNames(example)[0] ?? '').replace(/^\//u, '')}` : ''}`];
}

/** A command's names as people type them, Chinese first: bare words, then Chinese aliases, then the English name. */
function spokenNames(command: Command): string[] {
  const aliases = (command.aliases ?? []).map((a) => `/${a}`);
  const isChinese = (name: string) => /\p{Script=Han}/u.test(name);
  return [...(command.bare ?? []), ...aliases.filter(isChinese), `/${command.name}`, ...aliases.filter((a) => !isChinese(a))];
}

function aliasNote(command: Command): string {
  const others = spokenNames(command).slice(1);
  return others.length > 0 ? `（${others.join('、')}）` : '';
}

const LEVEL_ZH = { anyone: '所有人', member: '本支部党员', secretary: '支部书记、组织委员或管理员', admin: '管理员' } as const;

function detail(command: Command): string[] {
  const lines = [command.summary, `也可以说：${names(command).filter((n) => n !== command.name).join('、') || '（无）'}`, `谁可以用：${LEVEL_ZH[command.level]}`];
  if (command.notes?.length) lines.push(...command.notes);
  if (command.examples?.length) lines.push('例子：', ...command.examples.map((e) => `  ${e}`));
  return lines;
}
