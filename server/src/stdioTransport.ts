/**
 * LSP's stdio framing (`Content-Length: N\r\n\r\n` then N bytes of UTF-8 JSON), read and written
 * in the turn of the event loop where the bytes arrive.
 *
 * Why not vscode-jsonrpc's StreamMessageReader/StreamMessageWriter: they pass every message
 * through semaphores that each wait a turn of the event loop (setImmediate), and write a
 * response as two writes, the body only after the header's write callback. Those waits add to
 * every round trip, and with this file a hover over stdio comes close to a bare echo of the same
 * bytes (bench/DESIGN.md §7 has the runs). The protocol machinery (dispatch, cancellation,
 * the request queue) is still vscode-jsonrpc's: only the bytes-to-messages step is ours.
 *
 * Used for `--stdio` only; IPC (the VS Code client) and sockets keep vscode-languageserver's own.
 */
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Headers are two short lines; this much input without a header's end is not LSP. */
const MAX_HEADER_BYTES = 8 * 1024;

/**
 * Splits a byte stream into message bodies. Chunks are kept as they come and joined once per
 * message, so a big didOpen arriving in many pieces is copied once, not once per piece.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Of the message being read, once its header is in: where its body starts and how long it is. */
  private bodyStart = -1;
  private bodyLength = -1;

  /** Feeds bytes; calls `onBody` for each complete body and `onError` for framing it had to skip. */
  push(chunk: Buffer, onBody: (json: string) => void, onError: (message: string) => void): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.bodyLength < 0 && !this.readHeader(onError)) return;
      if (this.size < this.bodyStart + this.bodyLength) return;
      const all = this.joined();
      const end = this.bodyStart + this.bodyLength;
      const body = all.toString('utf8', this.bodyStart, end);
      this.keep(all.subarray(end));
      this.bodyStart = this.bodyLength = -1;
      onBody(body);
    }
  }

  /** Bytes held for a message not yet complete (read by the tests). */
  get buffered(): number {
    return this.size;
  }

  private readHeader(onError: (message: string) => void): boolean {
    for (;;) {
      if (this.size === 0) return false;
      const all = this.joined();
      const end = all.indexOf(HEADER_END);
      if (end < 0) {
        if (all.length > MAX_HEADER_BYTES) {
          onError(`Dropped ${all.length} bytes of input that hold no LSP header (expected "Content-Length: N" and an empty line).`);
          this.keep(all.subarray(all.length));
        }
        return false;
      }
      const header = all.toString('latin1', 0, end);
      // Not anchored to a line start: after a frame that lied about its length, the next header
      // follows leftover bytes, and finding it there puts the stream back in step.
      const length = /content-length[ \t]*:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(header);
      if (!length) {
        onError(`Skipped a message whose header has no valid Content-Length: ${JSON.stringify(header.slice(0, 200))}`);
        this.keep(all.subarray(end + HEADER_END.length));
        continue;
      }
      this.bodyStart = end + HEADER_END.length;
      this.bodyLength = Number(length[1]);
      return true;
    }
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0];
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }
}

/** One buffer holding a message's header and body, so it goes out in one write. */
export function encodeFrame(message: Message): Buffer {
  const json = JSON.stringify(message);
  const length = Buffer.byteLength(json, 'utf8');
  const header = `Content-Length: ${length}\r\n\r\n`;
  const out = Buffer.allocUnsafe(header.length + length);
  out.write(header, 0, 'latin1');
  out.write(json, header.length, 'utf8');
  return out;
}

export class StdioMessageReader extends AbstractMessageReader {
  private readonly decoder = new FrameDecoder();
  /** Whether the client asked to shut down: an exit on end of input then is a clean one. */
  shutdownRequested = false;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
    input.on('error', (e: Error) => this.fireError(e));
    input.on('close', () => this.fireClose());
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string): void => {
      this.decoder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, (json) => {
        let message: Message;
        try {
          message = JSON.parse(json) as Message;
        } catch (e) {
          this.fireError(new Error(`Skipped a message that is not valid JSON (${(e as Error).message}): ${json.slice(0, 200)}`));
          return;
        }
        if ((message as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
        callback(message);
      }, (problem) => this.fireError(new Error(problem)));
    };
    this.input.on('data', onData);
    return { dispose: () => void this.input.off('data', onData) };
  }
}

export class StdioMessageWriter extends AbstractMessageWriter {
  private errors = 0;

  constructor(private readonly output: NodeJS.WritableStream) {
    super();
    output.on('error', (e: Error) => this.fireError(e));
    output.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    try {
      this.output.write(encodeFrame(message));
      return Promise.resolve();
    } catch (e) {
      this.fireError(e as Error, message, ++this.errors);
      return Promise.reject(e);
    }
  }

  end(): void {
    this.output.end();
  }
}
