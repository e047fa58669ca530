import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded when a workbook is first read or written. It costs a start-up about 0.4 s
 * and 20 MiB, which `zhibu --help`, `tick` and a bot that never exports should not pay
 * (docs/PERFORMANCE.md, "Start-up and memory").
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
