import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Reply } from '../../src/bot/types.js';

/** The file a reply carries. */
export function fileOf(replies: Reply[]): Buffer {
  const file = replies.find((r) => r.message.file)?.message.file;
  if (!file) throw new Error('no file in the replies');
  return Buffer.from(file.content);
}

/** A workbook opened back with exceljs (which reads stored values and never recalculates). */
export async function openWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** A stored cell as the file holds it: the formula, if any, and the saved value as written. */
export interface RawCell {
  formula: string | null;
  value: string | null;
}

/**
 * The cells of every sheet, read from the XML itself (no spreadsheet engine, so nothing is
 * recalculated): what a viewer that does not recalculate shows. Keyed by sheet name, then "D7".
 */
export async function rawCells(content: Buffer): Promise<Map<string, Map<string, RawCell>>> {
  const zip = await JSZip.loadAsync(content);
  const workbookXml = await zip.file('xl/workbook.xml')?.async('string') ?? '';
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')?.async('string') ?? '';
  const targets = new Map([...relsXml.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const sheets = new Map<string, Map<string, RawCell>>();
  for (const [, name, rid] of workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = (targets.get(rid ?? '') ?? '').replace(/^\/?(xl\/)?/, 'xl/');
    const xml = await zip.file(target)?.async('string') ?? '';
    const cells = new Map<string, RawCell>();
    for (const [, ref, body] of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>(.*?)<\/c>)/g)) {
      const formula = /<f[^>]*>(.*?)<\/f>/.exec(body ?? '')?.[1] ?? null;
      const value = /<v>(.*?)<\/v>/.exec(body ?? '')?.[1] ?? null;
      cells.set(ref ?? '', { formula, value });
    }
    sheets.set(name ?? '', cells);
  }
  return sheets;
}
