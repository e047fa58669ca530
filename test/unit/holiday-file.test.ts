import { describe, expect, it } from 'vitest';
import { readHolidayFile } from '../../src/domain/calendar/holiday-file.js';
import { HOLIDAYS_2027 } from '../support/holidays-2027.js';

describe('a holiday file for zhibu holidays import', () => {
  it('becomes a holiday year', () => {
    const read = readHolidayFile(HOLIDAYS_2027);
    if (!('year' in read)) throw new Error(read.errors.join('\n'));
    expect(read.year.year).toBe(2027);
    expect(Object.keys(read.year.holidays)).toHaveLength(10);
    expect(read.year.holidays['2027-10-07']).toBe('国庆节');
    expect(read.year.workdays).toEqual({ '2027-09-26': '国庆节' });
  });

  it.each([
    [{ ...HOLIDAYS_2027, year: '2027' }, 'year: must be the year the notice is for, a number such as 2027'],
    [{ year: 2027, holidays: HOLIDAYS_2027.holidays }, 'source: required: the notice the dates come from, as text, such as "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"'],
    [{ ...HOLIDAYS_2027, holidays: [{ name: '元旦', start: '2027-01-01' }] }, 'holidays.0: each entry is a range { "name": "国庆节", "from": "2027-10-01", "to": "2027-10-07" } or a day { "name": "国庆节", "date": "2027-09-26" }'],
    [[HOLIDAYS_2027], '(file): must be one JSON object: { "year": 2027, "source": "…", "holidays": [ … ], "workdays": [ … ] } (README, "Importing a new year\'s holidays")'],
    [{ ...HOLIDAYS_2027, source: ' ' }, 'source: name the notice the dates come from'],
    [{ ...HOLIDAYS_2027, holidays: [] }, 'holidays: list at least one holiday'],
    [{ ...HOLIDAYS_2027, holidays: [{ name: '元旦', from: '2027-02-30' }] }, 'holidays.0.from: must be a date in YYYY-MM-DD form'],
    [{ ...HOLIDAYS_2027, holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-01' }] }, 'holidays.0: 2026-12-31 is not in 2027'],
    [{ ...HOLIDAYS_2027, holidays: [{ name: '元旦', from: '2027-01-03', to: '2027-01-01' }] }, 'holidays.0: "to" (2027-01-01) is before "from" (2027-01-03)'],
    [{ ...HOLIDAYS_2027, workdays: [{ name: '国庆节', date: '2027-09-27' }] }, 'workdays: 2027-09-27 is a Monday–Friday; only weekend days are make-up workdays (调休上班)'],
    [{ ...HOLIDAYS_2027, workdays: [{ name: '元旦', date: '2027-01-02' }] }, '2027-01-02 is listed both as a holiday and as a make-up workday'],
    [{ ...HOLIDAYS_2027, extra: 1 }, '(file): unknown key "extra"; a file has "year", "source", "holidays" and "workdays"'],
  ])('refuses %j with what is wrong', (json, error) => {
    const read = readHolidayFile(json);
    expect('errors' in read ? read.errors : []).toContain(error);
  });
});
