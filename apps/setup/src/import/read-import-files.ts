import { stat } from "node:fs/promises";
import { ValidationError } from "@tradekit/domain";
import type { FileRows } from "@tradekit/ohlcv";

/** One file read and checked row by row, before anything is written. */
export interface ReadFile<T> {
  readonly file: string;
  readonly format: string;
  readonly rows: FileRows<T>;
}

async function assertFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) throw ValidationError.invalid("file", file, "an existing file (it does not exist)");
  if (!info.isFile()) throw ValidationError.invalid("file", file, "a file (it is a directory or special file)");
}

/**
 * Checks that every file exists, then reads and checks each row by row with `read`; a file that
 * cannot be read or is not of its format throws a ValidationError naming it. Nothing is written,
 * so one bad file among several leaves the store untouched.
 */
export async function readImportFiles<T>(
  files: readonly string[],
  formatOf: (file: string) => string,
  read: (file: string, format: string) => Promise<FileRows<T>>,
): Promise<ReadFile<T>[]> {
  if (files.length === 0) throw ValidationError.invalid("files", files, "at least one file");
  const formats = files.map((file) => formatOf(file));
  for (const file of files) await assertFile(file);
  const out: ReadFile<T>[] = [];
  for (const [i, file] of files.entries()) {
    const format = formats[i] as string;
    try {
      out.push({ file, format, rows: await read(file, format) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ValidationError(`${file} cannot be read as a ${format} file: ${reason}`, {
        field: "file",
        value: file,
        cause: error,
      });
    }
  }
  return out;
}
