import { ValidationError } from "@tradekit/domain";
import type { RowProblem } from "@tradekit/ohlcv";

/** Where a bad row is, as a user finds it in the file. */
export const rowPlace = (p: RowProblem): string => (p.line === null ? `row ${p.row}` : `line ${p.line}`);

/** A file has bad rows and skipBad was not given: nothing was written. */
export class ImportRejectedError extends ValidationError {
  constructor(
    readonly file: string,
    readonly problem: RowProblem,
    readonly rejected: number,
  ) {
    super(
      `${file} ${rowPlace(problem)}: ${problem.reason}; nothing was written (${rejected} bad row(s) in all; --skip-bad stores the good rows only)`,
      { field: "file", value: file, row: problem.row, code: "IMPORT_REJECTED" },
    );
  }
}
