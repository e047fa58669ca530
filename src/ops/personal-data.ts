import type { Db, Member, Prisma } from '../db/client.js';

/**
 * What becomes of a column when a person is erased:
 * - `none`: holds nothing about a person (ids, times of the system, settings);
 * - `kept`: the person's own ledger record, kept for counts and anonymous once their member
 *   row is (attendance marks, dues amounts, the member row's id and branch);
 * - `cleared`: emptied in the person's rows (dates, amounts, reasons, notes);
 * - `deleted`: the person's rows go (accounts, role grants, their messages);
 * - `labelled`: an account key naming the person ("feishu:<tenant>:<open_id>") becomes the
 *   anonymous label, in anyone's rows;
 * - `scrubbed`: free text and payloads in anyone's rows: the person's name, accounts and own
 *   free text are replaced wherever they occur (others' messages, digests, audit details).
 */
export type Treatment = 'none' | 'kept' | 'cleared' | 'deleted' | 'labelled' | 'scrubbed';

type ModelName = Prisma.ModelName;
type ColumnsOf<M extends ModelName> = keyof Prisma.TypeMap['model'][M]['payload']['scalars'];
type Tx = Prisma.TransactionClient;

/** One table as a place that may hold a person: what each column holds, how to find and erase them there. */
export interface PersonalDataPlace<M extends ModelName> {
  columns: Record<ColumnsOf<M>, Treatment>;
  /** The rows, or parts of rows, that concern the person: `zhibu member export`. */
  find?: (db: Db, person: Person) => Promise<unknown[]>;
  /** Takes the person out of this table, in the erase transaction; returns the rows changed. */
  erase?: (tx: Tx, person: Person) => Promise<number>;
}

/** Everything that identifies one person in the records, gathered before erasing. */
export interface Person {
  member: Member;
  /** "已删除成员8": stable, so counts and histories still tell one person from another. */
  label: string;
  accounts: { platform: string; tenant: string; userId: string }[];
  /** "feishu:<tenant>:<open_id>": how audit rows, links and records name an account. */
  accountKeys: string[];
  /** The person's own free text (leave reasons, dues notes), which may be repeated elsewhere. */
  ownTexts: string[];
  /** Replaces the person in a text; see `personScrubber`. */
  scrub: (text: string) => string;
  /** When the erasure happens: the member's leaving date if they had none. */
  erasedAt: Date;
}

/** Text shorter than this is not searched for: one character would hit everyone's text. */
const MIN_TERM_CHARS = 2;
const ERASED_TEXT = '（已删除）';

/**
 * The scrubber for one person: their accounts and name become the label, their own free text
 * becomes "（已删除）". Other people's names that contain the person's name (李四 in 李四平) are
 * left whole.
 */
export function personScrubber(identifying: string[], ownTexts: string[], label: string, otherNames: string[]): (text: string) => string {
  const replacement = new Map<string, string>();
  for (const text of ownTexts) if ([...text].length >= MIN_TERM_CHARS) replacement.set(text, ERASED_TEXT);
  for (const term of identifying) if ([...term].length >= MIN_TERM_CHARS) replacement.set(term, label);
  const terms = [...replacement.keys()];
  if (terms.length === 0) return (text) => text;
  const kept = otherNames.filter((name) => terms.some((t) => name !== t && name.includes(t)));
  const alternatives = [...kept, ...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'gu');
  const keptSet = new Set(kept);
  return (text) => text.replace(pattern, (hit) => (keptSet.has(hit) ? hit : (replacement.get(hit) ?? hit)));
}

/** A JSON value with every string (keys too) scrubbed. */
export function scrubJson(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, scrub));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubJson(v, scrub)]));
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const BATCH = 500;

/**
 * Rewrites, in bounded batches, the rows of a JSON column whose content changes when the
 * person is scrubbed from it: stored messages and payloads are read whole, as no filter
 * searches JSON the same way on both providers.
 */
async function scrubJsonColumn(
  read: (afterId: number) => Promise<{ id: number; value: unknown; isPersons?: boolean }[]>,
  write: (id: number, value: Prisma.InputJsonValue) => Promise<unknown>,
  person: Person,
  remove?: (id: number) => Promise<unknown>,
): Promise<number> {
  let changed = 0;
  let cursor = 0;
  for (;;) {
    const rows = await read(cursor);
    if (rows.length === 0) return changed;
    for (const row of rows) {
      if (row.isPersons && remove) {
        await remove(row.id);
        changed += 1;
        continue;
      }
      if (row.value === null || row.value === undefined) continue;
      const scrubbed = scrubJson(row.value, person.scrub);
      if (JSON.stringify(scrubbed) === JSON.stringify(row.value)) continue;
      await write(row.id, scrubbed as Prisma.InputJsonValue);
      changed += 1;
    }
    cursor = rows.at(-1)?.id ?? cursor;
  }
}

/** Rows of a JSON column that mention the person, for the export. */
async function mentioningRows(read: (afterId: number) => Promise<{ id: number; value: unknown }[]>, person: Person): Promise<{ id: number; value: unknown }[]> {
  const found: { id: number; value: unknown }[] = [];
  for (let cursor = 0; ;) {
    const rows = await read(cursor);
    if (rows.length === 0) return found;
    for (const row of rows) if (row.value !== null && JSON.stringify(scrubJson(row.value, person.scrub)) !== JSON.stringify(row.value)) found.push(row);
    cursor = rows.at(-1)?.id ?? cursor;
  }
}

/** Where-clause: any of `terms` in `column`. */
function containsAny<K extends string>(column: K, terms: string[]): { OR: Record<K, { contains: string }>[] } {
  return { OR: terms.filter((t) => [...t].length >= MIN_TERM_CHARS).map((t) => ({ [column]: { contains: t } }) as Record<K, { contains: string }>) };
}

/** Everything text may name the person by. */
function searchTerms(person: Person): string[] {
  return [person.member.name, ...person.accountKeys, ...person.accounts.map((a) => a.userId), ...person.ownTexts];
}

/** Rewrites the free-text column `column` of the rows that mention the person. */
async function scrubTextColumn(
  rows: { id: number; text: string | null }[],
  write: (id: number, text: string) => Promise<unknown>,
  person: Person,
): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    if (row.text === null) continue;
    const scrubbed = person.scrub(row.text);
    if (scrubbed === row.text) continue;
    await write(row.id, scrubbed);
    changed += 1;
  }
  return changed;
}

/**
 * Every table and column zhibu has, and what each holds about a person: the one list that
 * `zhibu member export` reads and `zhibu member erase` acts on. The type makes it complete (a
 * new table or column does not compile until it is classified here), and
 * test/integration/personal-data.test.ts checks it against the database's own columns.
 */
export const PERSONAL_DATA: { [M in ModelName]: PersonalDataPlace<M> } = {
  Organization: {
    columns: { id: 'none', name: 'none', kind: 'none', parentId: 'none', settings: 'none', dissolvedAt: 'none', createdAt: 'none', updatedAt: 'none' },
  },
  OrganizationName: {
    columns: { id: 'none', organizationId: 'none', name: 'none', usedUntil: 'none' },
  },
  Member: {
    columns: {
      // joinedBranchOn stays with leftAt: the membership history that past counts are made from.
      id: 'kept', branchId: 'kept', status: 'kept', joinedBranchOn: 'kept', leftAt: 'kept', createdAt: 'kept', updatedAt: 'none',
      name: 'labelled', joinedAt: 'cleared', probationStartedAt: 'cleared', convertedAt: 'cleared',
      duesCategory: 'cleared', duesMonthlyFen: 'cleared', duesYear: 'cleared', exempt: 'cleared',
    },
    find: async (db, person) => db.member.findMany({ where: { id: person.member.id } }),
    // The row stays (check-ins and dues records hang on it) under the label; leftAt is set
    // so no roster, reminder or count of current members includes it.
    erase: async (tx, person) => {
      await tx.member.update({
        where: { id: person.member.id },
        data: {
          name: person.label, joinedAt: null, probationStartedAt: null, convertedAt: null, duesCategory: 'in_service',
          duesMonthlyFen: null, duesYear: null, exempt: false, leftAt: person.member.leftAt ?? person.erasedAt,
        },
      });
      return 1;
    },
  },
  Identity: {
    columns: { id: 'none', platform: 'deleted', tenant: 'deleted', platformUserId: 'deleted', displayName: 'deleted', memberId: 'deleted', createdAt: 'deleted' },
    find: async (db, person) => db.identity.findMany({ where: { memberId: person.member.id } }),
    erase: async (tx, person) => (await tx.identity.deleteMany({ where: { memberId: person.member.id } })).count,
  },
  ChatBinding: {
    columns: { id: 'none', platform: 'none', tenant: 'none', chatId: 'none', branchId: 'none', createdAt: 'none', boundBy: 'labelled' },
    find: async (db, person) => db.chatBinding.findMany({ where: { boundBy: { in: person.accountKeys } }, select: { id: true, chatId: true, boundBy: true } }),
    erase: async (tx, person) => (await tx.chatBinding.updateMany({ where: { boundBy: { in: person.accountKeys } }, data: { boundBy: person.label } })).count,
  },
  RoleGrant: {
    columns: { id: 'none', memberId: 'deleted', role: 'deleted', organizationId: 'deleted', createdAt: 'deleted', grantedBy: 'labelled' },
    find: async (db, person) => db.roleGrant.findMany({ where: { OR: [{ memberId: person.member.id }, { grantedBy: { in: person.accountKeys } }] }, include: { organization: { select: { name: true } } } }),
    erase: async (tx, person) => {
      const deleted = await tx.roleGrant.deleteMany({ where: { memberId: person.member.id } });
      const labelled = await tx.roleGrant.updateMany({ where: { grantedBy: { in: person.accountKeys } }, data: { grantedBy: person.label } });
      return deleted.count + labelled.count;
    },
  },
  Activity: {
    columns: {
      id: 'none', branchId: 'none', kind: 'none', startsAt: 'none', checkInOpensAt: 'none', checkInClosesAt: 'none', lateAfter: 'none',
      status: 'none', occurrenceKey: 'none', createdAt: 'none', updatedAt: 'none',
      title: 'scrubbed', theme: 'scrubbed', place: 'scrubbed', createdBy: 'labelled',
    },
    find: async (db, person) => db.activity.findMany({
      where: { OR: [{ createdBy: { in: person.accountKeys } }, containsAny('title', searchTerms(person)), containsAny('theme', searchTerms(person)), containsAny('place', searchTerms(person))] },
      select: { id: true, title: true, theme: true, place: true, createdBy: true, startsAt: true },
    }),
    erase: async (tx, person) => {
      const labelled = await tx.activity.updateMany({ where: { createdBy: { in: person.accountKeys } }, data: { createdBy: person.label } });
      const terms = searchTerms(person);
      const titles = await tx.activity.findMany({ where: containsAny('title', terms), select: { id: true, title: true } });
      const places = await tx.activity.findMany({ where: containsAny('place', terms), select: { id: true, place: true } });
      const themes = await tx.activity.findMany({ where: containsAny('theme', terms), select: { id: true, theme: true } });
      return labelled.count
        + await scrubTextColumn(titles.map((a) => ({ id: a.id, text: a.title })), (id, title) => tx.activity.update({ where: { id }, data: { title } }), person)
        + await scrubTextColumn(themes.map((a) => ({ id: a.id, text: a.theme })), (id, theme) => tx.activity.update({ where: { id }, data: { theme } }), person)
        + await scrubTextColumn(places.map((a) => ({ id: a.id, text: a.place })), (id, place) => tx.activity.update({ where: { id }, data: { place } }), person);
    },
  },
  CheckIn: {
    columns: {
      id: 'kept', activityId: 'kept', memberId: 'kept', status: 'kept', via: 'kept', checkedInAt: 'kept', leaveDecision: 'kept',
      decidedById: 'kept', decidedAt: 'kept', createdAt: 'kept', updatedAt: 'none',
      leaveReason: 'scrubbed', recordedBy: 'labelled',
    },
    find: async (db, person) => db.checkIn.findMany({
      where: { OR: [{ memberId: person.member.id }, { decidedById: person.member.id }, { recordedBy: { in: person.accountKeys } }, containsAny('leaveReason', searchTerms(person))] },
      include: { activity: { select: { id: true, title: true, kind: true, startsAt: true } } },
      orderBy: { id: 'asc' },
    }),
    erase: async (tx, person) => {
      const own = await tx.checkIn.updateMany({ where: { memberId: person.member.id }, data: { leaveReason: null } });
      const labelled = await tx.checkIn.updateMany({ where: { recordedBy: { in: person.accountKeys } }, data: { recordedBy: person.label } });
      const others = await tx.checkIn.findMany({ where: containsAny('leaveReason', searchTerms(person)), select: { id: true, leaveReason: true } });
      return own.count + labelled.count
        + await scrubTextColumn(others.map((c) => ({ id: c.id, text: c.leaveReason })), (id, leaveReason) => tx.checkIn.update({ where: { id }, data: { leaveReason } }), person);
    },
  },
  DuesRecord: {
    columns: {
      id: 'kept', memberId: 'kept', month: 'kept', amountDueFen: 'kept', amountPaidFen: 'kept', status: 'kept', reportedAt: 'kept',
      confirmedById: 'kept', confirmedAt: 'kept', createdAt: 'kept', updatedAt: 'none',
      note: 'scrubbed',
    },
    find: async (db, person) => db.duesRecord.findMany({
      where: { OR: [{ memberId: person.member.id }, { confirmedById: person.member.id }, containsAny('note', searchTerms(person))] },
      orderBy: [{ memberId: 'asc' }, { month: 'asc' }],
    }),
    erase: async (tx, person) => {
      const own = await tx.duesRecord.updateMany({ where: { memberId: person.member.id }, data: { note: null } });
      const others = await tx.duesRecord.findMany({ where: containsAny('note', searchTerms(person)), select: { id: true, note: true } });
      return own.count + await scrubTextColumn(others.map((d) => ({ id: d.id, text: d.note })), (id, note) => tx.duesRecord.update({ where: { id }, data: { note } }), person);
    },
  },
  MeetingRecord: {
    columns: {
      // Host and recorder point at member rows, which erasure labels: the record then names 已删除成员<id>.
      id: 'none', activityId: 'none', version: 'none', createdAt: 'none', editedAt: 'none', hostMemberId: 'kept', recorderMemberId: 'kept',
      topic: 'scrubbed', content: 'scrubbed', createdBy: 'labelled', editedBy: 'labelled',
    },
    find: async (db, person) => db.meetingRecord.findMany({
      where: {
        OR: [
          { hostMemberId: person.member.id }, { recorderMemberId: person.member.id }, { createdBy: { in: person.accountKeys } }, { editedBy: { in: person.accountKeys } },
          containsAny('topic', searchTerms(person)), containsAny('content', searchTerms(person)),
        ],
      },
      orderBy: { id: 'asc' },
    }),
    erase: async (tx, person) => {
      const created = await tx.meetingRecord.updateMany({ where: { createdBy: { in: person.accountKeys } }, data: { createdBy: person.label } });
      const edited = await tx.meetingRecord.updateMany({ where: { editedBy: { in: person.accountKeys } }, data: { editedBy: person.label } });
      const terms = searchTerms(person);
      const topics = await tx.meetingRecord.findMany({ where: containsAny('topic', terms), select: { id: true, topic: true } });
      const contents = await tx.meetingRecord.findMany({ where: containsAny('content', terms), select: { id: true, content: true } });
      return created.count + edited.count
        + await scrubTextColumn(topics.map((r) => ({ id: r.id, text: r.topic })), (id, topic) => tx.meetingRecord.update({ where: { id }, data: { topic } }), person)
        + await scrubTextColumn(contents.map((r) => ({ id: r.id, text: r.content })), (id, content) => tx.meetingRecord.update({ where: { id }, data: { content } }), person);
    },
  },
  MeetingRecordRevision: {
    // The history keeps its versions (an inspector must see what changed) without the person in them.
    columns: {
      id: 'none', recordId: 'none', version: 'none', savedAt: 'none', fileCount: 'none', hostMemberId: 'kept', recorderMemberId: 'kept',
      topic: 'scrubbed', content: 'scrubbed', savedBy: 'labelled',
    },
    find: async (db, person) => db.meetingRecordRevision.findMany({
      where: {
        OR: [
          { hostMemberId: person.member.id }, { recorderMemberId: person.member.id }, { savedBy: { in: person.accountKeys } },
          containsAny('topic', searchTerms(person)), containsAny('content', searchTerms(person)),
        ],
      },
      orderBy: { id: 'asc' },
    }),
    erase: async (tx, person) => {
      const saved = await tx.meetingRecordRevision.updateMany({ where: { savedBy: { in: person.accountKeys } }, data: { savedBy: person.label } });
      const terms = searchTerms(person);
      const topics = await tx.meetingRecordRevision.findMany({ where: containsAny('topic', terms), select: { id: true, topic: true } });
      const contents = await tx.meetingRecordRevision.findMany({ where: containsAny('content', terms), select: { id: true, content: true } });
      return saved.count
        + await scrubTextColumn(topics.map((r) => ({ id: r.id, text: r.topic })), (id, topic) => tx.meetingRecordRevision.update({ where: { id }, data: { topic } }), person)
        + await scrubTextColumn(contents.map((r) => ({ id: r.id, text: r.content })), (id, content) => tx.meetingRecordRevision.update({ where: { id }, data: { content } }), person);
    },
  },
  MeetingFile: {
    // Photos and files of a meeting are the branch's record (the group photo shows everyone):
    // they stay, and the uploader is the member row, which erasure labels. Only a name that
    // names the person is scrubbed (docs/DEPLOY.md).
    columns: {
      id: 'none', activityId: 'none', recordId: 'none', dialogueId: 'none', mimeType: 'none', size: 'none', sha256: 'none', storage: 'none', uploadedAt: 'none',
      uploadedById: 'kept', name: 'scrubbed',
    },
    find: async (db, person) => db.meetingFile.findMany({
      where: { OR: [{ uploadedById: person.member.id }, containsAny('name', searchTerms(person))] },
      select: { id: true, activityId: true, recordId: true, name: true, mimeType: true, size: true, sha256: true, uploadedAt: true },
      orderBy: { id: 'asc' },
    }),
    erase: async (tx, person) => {
      const named = await tx.meetingFile.findMany({ where: containsAny('name', searchTerms(person)), select: { id: true, name: true } });
      return scrubTextColumn(named.map((r) => ({ id: r.id, text: r.name })), (id, name) => tx.meetingFile.update({ where: { id }, data: { name } }), person);
    },
  },
  MeetingFileBlob: {
    // The bytes of a branch's photo or file; who sent it is MeetingFile's, and the bytes stay with it.
    columns: { fileId: 'none', bytes: 'none' },
  },
  RecordDialogue: {
    // A dialogue the person had open is their unsaved draft: it goes, with the files sent in it.
    columns: {
      id: 'none', activityId: 'none', openedAt: 'none', expiresAt: 'none', platform: 'deleted', tenant: 'deleted', userId: 'deleted',
      hostMemberId: 'kept', recorderMemberId: 'kept', topic: 'scrubbed', content: 'scrubbed',
    },
    find: async (db, person) => db.recordDialogue.findMany({ where: { OR: person.accounts.map((a) => ({ platform: a.platform, tenant: a.tenant, userId: a.userId })) }, orderBy: { id: 'asc' } }),
    erase: async (tx, person) => {
      if (person.accounts.length === 0) return 0;
      const own = await tx.recordDialogue.findMany({ where: { OR: person.accounts.map((a) => ({ platform: a.platform, tenant: a.tenant, userId: a.userId })) }, select: { id: true } });
      const ids = own.map((d) => d.id);
      const files = await tx.meetingFile.deleteMany({ where: { dialogueId: { in: ids }, recordId: null } });
      const dialogues = await tx.recordDialogue.deleteMany({ where: { id: { in: ids } } });
      const terms = searchTerms(person);
      const others = await tx.recordDialogue.findMany({ where: { OR: [containsAny('content', terms), containsAny('topic', terms)] }, select: { id: true, content: true, topic: true } });
      return files.count + dialogues.count
        + await scrubTextColumn(others.map((r) => ({ id: r.id, text: r.content })), (id, content) => tx.recordDialogue.update({ where: { id }, data: { content } }), person)
        + await scrubTextColumn(others.map((r) => ({ id: r.id, text: r.topic })), (id, topic) => tx.recordDialogue.update({ where: { id }, data: { topic } }), person);
    },
  },
  Notification: {
    columns: {
      id: 'none', kind: 'none', branchId: 'none', platform: 'none', tenant: 'none', targetKind: 'none', dueAt: 'none', expiresAt: 'none',
      status: 'none', attempts: 'none', claimedBy: 'none', claimedUntil: 'none', sendKey: 'none', sentAt: 'none', createdAt: 'none', updatedAt: 'none',
      idempotencyKey: 'deleted', memberId: 'deleted', targetId: 'deleted', payload: 'scrubbed', lastError: 'scrubbed',
    },
    find: async (db, person) => {
      const own = await db.notification.findMany({ where: ownNotifications(person), orderBy: { id: 'asc' } });
      const mentioning = await mentioningRows(async (afterId) => (await db.notification.findMany({
        where: { id: { gt: afterId }, NOT: ownNotifications(person) }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, payload: true, lastError: true },
      })).map((n) => ({ id: n.id, value: { payload: n.payload, lastError: n.lastError } })), person);
      return [...own, ...mentioning];
    },
    // Messages to the person go; messages to others about them (digests, requests to the
    // secretary) stay, without them.
    erase: async (tx, person) => {
      const deleted = await tx.notification.deleteMany({ where: ownNotifications(person) });
      return deleted.count + await scrubJsonColumn(
        async (afterId) => (await tx.notification.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, payload: true, lastError: true } }))
          .map((n) => ({ id: n.id, value: { payload: n.payload, lastError: n.lastError } })),
        (id, value) => {
          const { payload, lastError } = value as { payload: Prisma.InputJsonValue; lastError: string | null };
          return tx.notification.update({ where: { id }, data: { payload, lastError } });
        },
        person,
      );
    },
  },
  InboundEvent: {
    columns: { id: 'none', platform: 'none', eventId: 'none', status: 'none', attempts: 'none', receivedAt: 'none', claimedAt: 'none', doneAt: 'none', payload: 'scrubbed' },
    find: async (db, person) => mentioningRows(async (afterId) => (await db.inboundEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, payload: true } }))
      .map((e) => ({ id: e.id, value: e.payload })), person),
    // The person's own messages go whole; others' keep their event id (de-duplication) and
    // lose the person's name and account.
    erase: async (tx, person) => {
      const senders = new Set(person.accounts.map((a) => `${a.platform}:${a.userId}`));
      return scrubJsonColumn(
        async (afterId) => (await tx.inboundEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, platform: true, payload: true } }))
          .map((e) => ({ id: e.id, value: e.payload, isPersons: senders.has(`${e.platform}:${String((e.payload as { senderId?: unknown } | null)?.senderId)}`) })),
        (id, payload) => tx.inboundEvent.update({ where: { id }, data: { payload } }),
        person,
        (id) => tx.inboundEvent.delete({ where: { id } }),
      );
    },
  },
  AuditLog: {
    columns: {
      id: 'none', at: 'none', action: 'none', entity: 'none', entityId: 'none', organizationId: 'none', actorMemberId: 'kept',
      actor: 'labelled', detail: 'scrubbed',
    },
    find: async (db, person) => {
      const direct = await db.auditLog.findMany({ where: auditAbout(person), orderBy: { id: 'asc' } });
      const ids = new Set(direct.map((a) => a.id));
      const mentioning = await mentioningRows(async (afterId) => (await db.auditLog.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, action: true, detail: true } }))
        .filter((a) => !ids.has(a.id)).map((a) => ({ id: a.id, value: a.detail })), person);
      return [...direct, ...mentioning];
    },
    // Rows about the person lose their detail (it may hold their dates or amounts); every
    // row loses their name and accounts; the rows themselves stay, as an audit trail must.
    erase: async (tx, person) => {
      const labelled = await tx.auditLog.updateMany({ where: { actor: { in: person.accountKeys } }, data: { actor: person.label } });
      const about = await tx.auditLog.updateMany({ where: { entity: 'Member', entityId: String(person.member.id) }, data: { detail: { erased: true } } });
      return labelled.count + about.count + await scrubJsonColumn(
        async (afterId) => (await tx.auditLog.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true, detail: true } })).map((a) => ({ id: a.id, value: a.detail })),
        (id, detail) => tx.auditLog.update({ where: { id }, data: { detail } }),
        person,
      );
    },
  },
  LiveMessage: {
    // Messages the bot sent to group chats, by platform message id: no person in them.
    columns: { id: 'none', liveKey: 'none', platform: 'none', tenant: 'none', chatId: 'none', messageId: 'none', createdAt: 'none' },
  },
  HolidayYear: {
    columns: { id: 'none', year: 'none', days: 'none', source: 'none', importedAt: 'none', importedBy: 'labelled' },
    find: async (db, person) => db.holidayYear.findMany({ where: { importedBy: { in: person.accountKeys } }, select: { id: true, year: true, importedBy: true } }),
    erase: async (tx, person) => (await tx.holidayYear.updateMany({ where: { importedBy: { in: person.accountKeys } }, data: { importedBy: person.label } })).count,
  },
  PlannerCursor: {
    columns: { id: 'none', branchId: 'none', plannedThrough: 'none', updatedAt: 'none' },
  },
  HealthProbe: {
    // An instance id (host:pid) and the time /healthz last wrote.
    columns: { instance: 'none', at: 'none' },
  },
  CallbackSignature: {
    // Hashes and DingTalk's opaque message ids, kept for minutes.
    columns: { id: 'none', platform: 'none', pairHash: 'none', messageId: 'none', bodyHash: 'none', expiresAt: 'none', createdAt: 'none' },
  },
};

/** Outbox rows addressed to the person: by member, or to one of their accounts in private. */
function ownNotifications(person: Person): Prisma.NotificationWhereInput {
  return { OR: [{ memberId: person.member.id }, { targetKind: 'user', targetId: { in: person.accounts.map((a) => a.userId) } }] };
}

function auditAbout(person: Person): Prisma.AuditLogWhereInput {
  return { OR: [{ actorMemberId: person.member.id }, { actor: { in: person.accountKeys } }, { entity: 'Member', entityId: String(person.member.id) }] };
}

