import { StringDecoder } from 'node:string_decoder';

/** A run of whole lines of an uploaded file, stored as one row and written by the worker as one batch. */
export interface LineChunk {
  seq: number;
  /** File line number (1-based) of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** Lines refused as they arrived, by line number (their text is left out: ""). */
  refused: Record<string, string> | null;
}

/** The longest line taken, in UTF-16 code units (a JSON order of 1,000 lines stays far below it). */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Cuts decoded text, as it streams in, into chunks of whole lines: at most `maxLines` non-blank lines or about
 * `maxChars` characters each. Only the current chunk and line are held. A line longer than MAX_LINE_CHARS, or with a
 * NUL character (which PostgreSQL text cannot store), is refused by number and its text dropped.
 */
export class LineChunker {
  private seq = 0;
  private lineNo = 0;
  private current: string[] = [];
  private currentChars = 0;
  private currentLines = 0;
  private firstLine = 1;
  private refused: Record<string, string> = {};
  private partial: string[] = [];
  private partialChars = 0;
  private tooLong = false;
  /** Non-blank lines seen so far. */
  lines = 0;

  constructor(private readonly maxLines: number, private readonly maxChars = 8 << 20) {}

  /** Takes the next piece of text; returns the chunks it completed. */
  push(text: string): LineChunk[] {
    const out: LineChunk[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      this.append(text.slice(from, nl));
      this.endLine(out);
      from = nl + 1;
    }
    if (from < text.length) this.append(text.slice(from));
    return out;
  }

  /** Ends the text: the last line (without a newline) and the last chunk. */
  end(): LineChunk[] {
    const out: LineChunk[] = [];
    if (this.partialChars > 0 || this.tooLong) this.endLine(out);
    if (this.current.length) out.push(this.cut());
    return out;
  }

  private append(piece: string) {
    if (this.tooLong) return;
    if (this.partialChars + piece.length > MAX_LINE_CHARS) {
      this.tooLong = true;
      this.partial = [];
      this.partialChars = 0;
      return;
    }
    this.partial.push(piece);
    this.partialChars += piece.length;
  }

  private endLine(out: LineChunk[]) {
    this.lineNo += 1;
    let line = this.partial.join('');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let refusal: string | null = null;
    if (this.tooLong) refusal = 'LINE_TOO_LONG';
    else if (line.includes('\u0000')) refusal = 'INVALID_JSON';
    if (refusal) {
      this.refused[String(this.lineNo)] = refusal;
      line = '';
    }
    this.partial = [];
    this.partialChars = 0;
    this.tooLong = false;
    if (!this.current.length) this.firstLine = this.lineNo;
    this.current.push(line);
    this.currentChars += line.length + 1;
    if (line.trim() || refusal) {
      this.currentLines += 1;
      this.lines += 1;
    }
    if (this.currentLines >= this.maxLines || this.currentChars >= this.maxChars) out.push(this.cut());
  }

  private cut(): LineChunk {
    const chunk: LineChunk = {
      seq: this.seq++, firstLine: this.firstLine, lines: this.current,
      refused: Object.keys(this.refused).length ? this.refused : null,
    };
    this.current = [];
    this.currentChars = 0;
    this.currentLines = 0;
    this.refused = {};
    return chunk;
  }
}

/** What `chunkBytes` cut: non-blank lines, chunks stored and bytes read. */
export interface CutTotals { lines: number; chunks: number; bytes: number }

/**
 * Cuts a stream of byte pieces (decoded as one UTF-8 stream, so a line or a character may span pieces) into chunks of
 * lines, handing each completed chunk to `store` with the bytes read so far. One piece at a time: the next is read only
 * once the chunks the previous one completed are stored (backpressure). POST /imports and the staged parts share it.
 */
export async function chunkBytes(
  pieces: AsyncIterable<Buffer>, maxLines: number, store: (chunk: LineChunk, bytesSoFar: number) => Promise<void>,
): Promise<CutTotals> {
  const chunker = new LineChunker(maxLines);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let chunks = 0;
  const storeAll = async (done: LineChunk[]) => {
    for (const chunk of done) {
      await store(chunk, bytes);
      chunks = chunk.seq + 1;
    }
  };
  for await (const piece of pieces) {
    bytes += piece.length;
    await storeAll(chunker.push(decoder.write(piece)));
  }
  await storeAll([...chunker.push(decoder.end()), ...chunker.end()]);
  return { lines: chunker.lines, chunks, bytes };
}
