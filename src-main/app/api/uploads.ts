// Files sent by a browser (POST /api/upload) wait under <dataRoot>/uploads until a method takes them.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../app-error';

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

export function newUpload(dataRoot: string): { uploadId: string; file: string } {
  const folder = join(dataRoot, 'uploads');
  mkdirSync(folder, { recursive: true });
  const uploadId = randomUUID();
  return { uploadId, file: join(folder, `${uploadId}.part`) };
}

export function uploadedFile(dataRoot: string, uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw new AppError('invalid-request', `"${uploadId}" is not an upload id`);
  return join(dataRoot, 'uploads', `${uploadId}.part`);
}
