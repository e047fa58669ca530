/** The digest's one name (工作汇总, GLOSSARY: 汇总), and what occasion sent it. */
export const DIGEST_NAME = '工作汇总';

const OCCASION_ZH = { weekly: '（每周）', party_day: '（主题党日后）', asked: '' } as const;

/** "「第一党支部」工作汇总（每周）": the same name whichever way the digest came. */
export function digestTitle(organizationName: string, occasion: keyof typeof OCCASION_ZH): string {
  return `「${organizationName}」${DIGEST_NAME}${OCCASION_ZH[occasion]}`;
}
