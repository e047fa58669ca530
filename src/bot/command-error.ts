/** Why an expected failure happened, for logs and metrics. */
export type CommandErrorCode =
  | 'bad_args'
  | 'not_allowed'
  | 'not_member'
  | 'no_branch'
  | 'not_found'
  | 'conflict'
  | 'closed'
  | 'too_long';

/**
 * An expected, user-facing failure ("not a member of this branch"), answered with its
 * Chinese message. Anything else thrown by a command is a bug: logged, and answered with a
 * short generic line.
 */
export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    /** What the person is told, in Chinese. */
    readonly reply: string,
  ) {
    super(reply);
    this.name = 'CommandError';
  }
}
