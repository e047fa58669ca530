import type { Prisma } from '../db/client.js';
import type { CommandContext } from './command.js';

/** An AuditLog row for an administrative write by the actor of `ctx`; create it in the write's transaction. */
export function auditEntry(
  ctx: Pick<CommandContext, 'actor'>,
  entry: { action: string; entity: string; entityId?: string | number; organizationId?: number; detail?: Prisma.InputJsonValue },
): Prisma.AuditLogCreateManyInput {
  return {
    actor: ctx.actor.key,
    actorMemberId: ctx.actor.member?.id ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    organizationId: entry.organizationId ?? null,
    ...(entry.detail === undefined ? {} : { detail: entry.detail }),
  };
}
