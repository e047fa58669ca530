/** The kinds of file a meeting record keeps, told apart by their first bytes. */
export interface FileType {
  mimeType: string;
  /** The extension a stored copy is named with, without the dot. */
  ext: string;
  isImage: boolean;
}

const JPEG: FileType = { mimeType: 'image/jpeg', ext: 'jpg', isImage: true };
const PNG: FileType = { mimeType: 'image/png', ext: 'png', isImage: true };
const GIF: FileType = { mimeType: 'image/gif', ext: 'gif', isImage: true };
const WEBP: FileType = { mimeType: 'image/webp', ext: 'webp', isImage: true };
const PDF: FileType = { mimeType: 'application/pdf', ext: 'pdf', isImage: false };
const DOCX: FileType = { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', isImage: false };
const XLSX: FileType = { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', isImage: false };
const PPTX: FileType = { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', isImage: false };
const DOC: FileType = { mimeType: 'application/msword', ext: 'doc', isImage: false };
const XLS: FileType = { mimeType: 'application/vnd.ms-excel', ext: 'xls', isImage: false };

/** What people are told is accepted. */
export const ACCEPTED_TYPES_ZH = '图片（JPG、PNG、GIF、WEBP）、PDF 和 Office 文件（Word、Excel、PowerPoint）';

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Buffer, text: string, at = 0) => bytes.subarray(at, at + text.length).toString('latin1') === text;

/**
 * The type of a file from its content (magic numbers), or undefined for anything not
 * accepted: a program renamed `.jpg` is still a program. The name only decides between the
 * two old Office formats, which share one container (OLE2) and differ inside it.
 */
export function sniffFileType(bytes: Buffer, name = ''): FileType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (ascii(bytes, 'GIF87a') || ascii(bytes, 'GIF89a')) return GIF;
  if (ascii(bytes, 'RIFF') && ascii(bytes, 'WEBP', 8)) return WEBP;
  if (ascii(bytes, '%PDF-')) return PDF;
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return /\.xls$/iu.test(name) ? XLS : DOC;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeZipType(bytes);
  return undefined;
}

/**
 * An Office Open XML file is a zip whose entry names (stored uncompressed in each local
 * header) say what it is: `word/…`, `xl/…` or `ppt/…`, next to `[Content_Types].xml`. Any
 * other zip is refused.
 */
function officeZipType(bytes: Buffer): FileType | undefined {
  const names = bytes.toString('latin1');
  if (!names.includes('[Content_Types].xml')) return undefined;
  if (names.includes('word/')) return DOCX;
  if (names.includes('xl/')) return XLSX;
  if (names.includes('ppt/')) return PPTX;
  return undefined;
}
