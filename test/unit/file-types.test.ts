import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { formatBytesZh } from '../../src/domain/file-size.js';
import { sniffFileType } from '../../src/storage/file-types.js';
import { exeBytes, jpegBytes, pngBytes } from '../support/sample-files.js';

const office = async (folder: string) => {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file(`${folder}/document.xml`, '<x/>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

describe('file types are read from the bytes, not the name', () => {
  it('knows the accepted images, PDF and Office files', async () => {
    expect(sniffFileType(jpegBytes(), 'a.png')?.mimeType).toBe('image/jpeg');
    expect(sniffFileType(pngBytes(), 'a.jpg')?.ext).toBe('png');
    expect(sniffFileType(Buffer.from('GIF89a……'))?.ext).toBe('gif');
    expect(sniffFileType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))?.ext).toBe('webp');
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'))?.ext).toBe('pdf');
    expect(sniffFileType(await office('word'))?.ext).toBe('docx');
    expect(sniffFileType(await office('xl'))?.ext).toBe('xlsx');
    expect(sniffFileType(await office('ppt'))?.ext).toBe('pptx');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect([sniffFileType(ole, '纪要.doc')?.ext, sniffFileType(ole, '名单.XLS')?.ext]).toEqual(['doc', 'xls']);
  });

  it('refuses a program renamed .jpg, a plain zip, text and nothing', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'hi');
    for (const bytes of [exeBytes(), await zip.generateAsync({ type: 'nodebuffer' }), Buffer.from('hello'), Buffer.alloc(0)]) expect(sniffFileType(bytes, 'x.jpg')).toBeUndefined();
  });

  it('says sizes as people read them', () => {
    expect([formatBytesZh(100), formatBytesZh(3000), formatBytesZh(20 * 1024 * 1024), formatBytesZh(3.4 * 1024 * 1024)]).toEqual(['1 KB', '3 KB', '20 MB', '3.4 MB']);
  });
});
