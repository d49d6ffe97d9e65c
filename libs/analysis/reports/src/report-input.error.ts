/** The report model cannot be rendered (a timestamp that is not a date, an unknown format name). */
export class ReportInputError extends Error {
  readonly code = 'REPORT.INVALID_INPUT';

  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}
