/** A year's holiday file as an admin would write it (zhibu holidays import): a sample, not the real 2027 notice. */
export const HOLIDAYS_2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（示例）',
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '国庆节', from: '2027-10-01', to: '2027-10-07' }],
  workdays: [{ name: '国庆节', date: '2027-09-26' }],
};
