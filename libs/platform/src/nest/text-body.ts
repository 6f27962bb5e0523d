import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/** A request's media type, lower case, without parameters (`text/csv; charset=utf-8` → `text/csv`). */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a text body the JSON parser left alone (a CSV or JSON Lines upload) of at
 * most `limitBytes`: a larger declared Content-Length is refused (413) before a
 * byte is read, a chunked body as soon as it passes the limit; bytes that are not
 * UTF-8 are a 400 (a file from a spreadsheet in Shift_JIS, say, is not guessed at),
 * and so is NUL (PostgreSQL's text cannot store it: see ZodValidationPipe).
 */
export async function readTextBody(req: Request, limitBytes: number): Promise<string> {
  const tooLarge = () => new PayloadTooLargeException(`the body is larger than ${limitBytes} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BadRequestException('the body is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw new BadRequestException('the body must not contain NUL characters');
  return text;
}
