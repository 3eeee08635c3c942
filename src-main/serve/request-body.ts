// Request bodies with a size limit: JSON params read whole, uploads streamed to a file.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { newUpload } from '../app/api/uploads';

/** A body the server refuses, with the HTTP status to answer. */
export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  tooLargeByHeader(request, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new RequestBodyError(413, `request body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestBodyError(400, `malformed JSON: ${(error as Error).message}`);
  }
}

/** Streams the body to a new upload file; returns its id. A body over the limit leaves nothing behind. */
export async function receiveUpload(
  request: IncomingMessage,
  dataRoot: string,
  maxBytes: number,
): Promise<string> {
  tooLargeByHeader(request, maxBytes);
  const { uploadId, file } = newUpload(dataRoot);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) callback(new RequestBodyError(413, `upload over ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(request, limit, createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  if (size === 0) {
    await rm(file, { force: true });
    throw new RequestBodyError(400, 'the upload is empty');
  }
  return uploadId;
}

function tooLargeByHeader(request: IncomingMessage, maxBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new RequestBodyError(413, `request body over ${maxBytes} bytes`);
  }
}
