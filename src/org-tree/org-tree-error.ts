/** An expected refusal of a tree change, with the reason in Chinese (chat and CLI show it as is). */
export class OrgTreeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OrgTreeError';
  }
}
