import { expect } from 'chai';
import fc from 'fast-check';
import {
  addWorkingDays,
  calendarCovers,
  isWorkingDay,
  shanghaiDate,
  startOfShanghaiDay,
  workingDaysBetween,
} from '../../../exchange/index.js';

// The official 2026 schedule as chinese-days holds it (国办发明电〔2025〕): 中秋 Sep 25–27 (Fri–Sun),
// 国庆 Oct 1–7 (Thu–Wed), make-up workdays Sunday Sep 20 and Saturday Oct 10.

describe('working-day calendar', () => {
  it('holds the official schedules of 2004 to 2026 and none for 2003 or 2027', () => {
    expect([2003, 2004, 2025, 2026, 2027].map(calendarCovers)).to.deep.equal([false, true, true, true, false]);
  });

  it('knows the National Day holiday 2026 and its make-up workdays', () => {
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect(isWorkingDay(d), d).to.equal(false);
    }
    expect(isWorkingDay('2026-09-30')).to.equal(true);
    expect(isWorkingDay('2026-10-08')).to.equal(true);
    expect(isWorkingDay('2026-09-20'), 'Sunday make-up workday').to.equal(true);
    expect(isWorkingDay('2026-10-10'), 'Saturday make-up workday').to.equal(true);
    expect(isWorkingDay('2026-10-11'), 'an ordinary Sunday').to.equal(false);
  });

  it('puts the deadline of 10 working days from Monday 2026-09-28 on Friday 2026-10-16', () => {
    // Sep 29 (1), Sep 30 (2), Oct 1–7 holiday, Oct 8 (3), Oct 9 (4), Sat Oct 10 make-up (5),
    // Sun Oct 11 rest, Oct 12 (6), 13 (7), 14 (8), 15 (9), 16 (10).
    expect(addWorkingDays('2026-09-28', 10)).to.equal('2026-10-16');
  });

  it('starts counting from the next working day when submitted on a holiday', () => {
    // Oct 8 (1), 9 (2), Sat 10 (3), 12 (4), 13 (5), 14 (6), 15 (7), 16 (8), 19 (9), 20 (10).
    expect(addWorkingDays('2026-10-03', 10)).to.equal('2026-10-20');
    expect(addWorkingDays('2026-10-03', 1)).to.equal('2026-10-08');
  });

  it('counts a make-up Sunday as the next working day after a Friday', () => {
    expect(addWorkingDays('2026-09-18', 1)).to.equal('2026-09-20');
  });

  it('skips the Mid-Autumn holiday', () => {
    expect(addWorkingDays('2026-09-24', 1)).to.equal('2026-09-28');
  });

  it('with 0 working days is due on the first working day on or after the date', () => {
    expect(addWorkingDays('2026-09-28', 0)).to.equal('2026-09-28');
    expect(addWorkingDays('2026-10-01', 0)).to.equal('2026-10-08');
  });

  it('reads an instant as its Asia/Shanghai date, whatever the machine timezone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        // 00:30 on Monday Sep 28 in Qingyuan is still Sunday Sep 27 in UTC.
        expect(shanghaiDate(new Date('2026-09-27T16:30:00Z')), tz).to.equal('2026-09-28');
        expect(addWorkingDays(new Date('2026-09-27T16:30:00Z'), 10), tz).to.equal('2026-10-16');
        // 23:59 on Sunday Sep 27 (a holiday): Sep 28 (1), 29, 30, Oct 8, 9, 10, 12, 13, 14, 15 (10).
        expect(addWorkingDays(new Date('2026-09-27T15:59:00Z'), 10), tz).to.equal('2026-10-15');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('starts a Shanghai day at 16:00 UTC of the day before', () => {
    expect(startOfShanghaiDay('2026-10-16').toISOString()).to.equal('2026-10-15T16:00:00.000Z');
  });

  it('counts working days left: positive before the deadline, 0 on it, negative after', () => {
    expect(workingDaysBetween('2026-09-28', '2026-10-16')).to.equal(10);
    expect(workingDaysBetween('2026-10-01', '2026-10-08')).to.equal(1);
    expect(workingDaysBetween('2026-10-16', '2026-10-16')).to.equal(0);
    expect(workingDaysBetween('2026-10-19', '2026-10-16')).to.equal(-1);
    expect(workingDaysBetween('2026-10-20', '2026-10-16')).to.equal(-2);
  });

  it('never reads an overdue deadline as due today, even over a weekend', () => {
    expect(workingDaysBetween('2026-10-17', '2026-10-16')).to.equal(-1);
    expect(workingDaysBetween('2026-10-18', '2026-10-16')).to.equal(-1);
  });

  it('falls back to Monday to Friday for a year without a published schedule', () => {
    // 2027-10-01 is a Friday; its holiday is not yet announced in chinese-days 1.5.7.
    expect(addWorkingDays('2027-09-30', 1)).to.equal('2027-10-01');
    expect(addWorkingDays('2027-10-01', 1)).to.equal('2027-10-04');
    expect(isWorkingDay('2027-10-02')).to.equal(false);
  });

  it('rejects malformed dates and negative periods', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-9-28', 1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-09-28', -1)).to.throw(RangeError);
  });

  it('lands every deadline on a working day exactly n working days ahead', () => {
    const day = fc.integer({ min: Date.UTC(2004, 0, 1) / 86_400_000, max: Date.UTC(2028, 11, 1) / 86_400_000 });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
        const due = addWorkingDays(date, n);
        expect(isWorkingDay(due)).to.equal(true);
        expect(due >= date).to.equal(true);
        if (n > 0) expect(workingDaysBetween(date, due)).to.equal(n);
      }),
      { numRuns: 500 },
    );
  });
});
