import { createReadStream } from 'node:fs';

/**
 * Streams a file's lines as bytes, each with its line ending as in the file ('\n' or '\r\n'; the last line may
 * have none). Splitting on bytes is safe for UTF-8, where 0x0A never occurs inside a character, and lets each
 * line be decoded on its own so an encoding error can name its line.
 */
export async function* readLineBuffers(path: string): AsyncGenerator<Buffer> {
  let carried: Buffer[] = [];
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    let newline = chunk.indexOf(0x0a);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline + 1);
      yield carried.length > 0 ? Buffer.concat([...carried, piece]) : piece;
      carried = [];
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) carried.push(chunk.subarray(start));
  }
  if (carried.length > 0) yield Buffer.concat(carried);
}
