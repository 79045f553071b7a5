/** The calendar as the workflow uses it: dates, working days and periods, all from src/calendar. */
export * from '../calendar/dates.ts';
export * from '../calendar/workdays.ts';
export * from '../calendar/periods.ts';
