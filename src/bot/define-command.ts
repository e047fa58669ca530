import type { z } from 'zod';
import type { Command, CommandDefinition, CommandInput } from './command.js';
import { CommandError } from './command-error.js';
import { quoteInput } from './quote-input.js';

/**
 * Registers nothing by itself: turns a definition into a `Command` whose `execute` maps
 * named-argument aliases to their keys, reads the input with the definition's schema and
 * answers a bad argument with the schema's Chinese message and the usage line.
 */
export function defineCommand<A>(definition: CommandDefinition<A>): Command {
  const { args, name, aliases, bare, isHidden, isBareGlued, isPrivate, readsBranchBelow, isTreeCommand, level, branch, summary, usage, examples, notes, keys } = definition;
  return {
    name, aliases, bare, isHidden, isBareGlued, isPrivate, readsBranchBelow, isTreeCommand, level, branch, summary, usage, examples, notes, keys,
    async execute(ctx, input) {
      const parsed = args.safeParse(withCanonicalKeys(input, definition));
      if (!parsed.success) throw new CommandError('bad_args', `${describeIssue(parsed.error)}\n用法：${definition.usage}`);
      return definition.run(ctx, parsed.data);
    },
  };
}

function withCanonicalKeys(input: CommandInput, definition: CommandDefinition<unknown>): CommandInput {
  const keys = definition.keys ?? {};
  const canonical = new Map<string, string>();
  for (const [key, aliases] of Object.entries(keys)) {
    canonical.set(key.toLowerCase(), key);
    for (const alias of aliases) canonical.set(alias.toLowerCase(), key);
  }
  const named: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.named)) {
    const name = canonical.get(key);
    if (!name) {
      const known = Object.keys(keys).map((k) => `${k}=`).join('、');
      throw new CommandError('bad_args', `不认识参数${quoteInput(`${key}=`)}。${known ? `可用的参数：${known}` : '这个命令不需要 key=value 参数。'}\n用法：${definition.usage}`);
    }
    named[name] = value;
  }
  return { ...input, named };
}

const CJK = /[\u4e00-\u9fff]/;

/** The first issue's message when a schema wrote one in Chinese, else a generic line. */
function describeIssue(error: z.ZodError): string {
  const message = error.issues[0]?.message ?? '';
  return CJK.test(message) ? message : '参数不完整或格式不对。';
}
