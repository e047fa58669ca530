import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { PrintableRecord } from './load-printable-record.js';

/**
 * Offices file records set in 宋体 (body) and 黑体 (title); the East Asian font must be named
 * for CJK text, or Word falls back to a Latin font's substitute. Both exist on every Chinese
 * Windows and WPS install.
 */
const BODY_FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const TITLE_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };
/** Half-points: 小四 (12 pt) body, 二号 (22 pt) title. */
const BODY_SIZE = 24;
const TITLE_SIZE = 44;
const LABEL_WIDTH = 20;

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: line, bottom: line, left: line, right: line };

function cell(text: string, widthPct: number, isLabel = false, columnSpan = 1): TableCell {
  const paragraphs = (text === '' ? [''] : text.split('\n')).map((t) => new Paragraph({ children: [new TextRun({ text: t, bold: isLabel })] }));
  return new TableCell({ children: paragraphs, width: { size: widthPct, type: WidthType.PERCENTAGE }, borders: BORDERS, columnSpan });
}

/** A row of the form: label, value across the rest, or two label/value pairs. */
function row(...pairs: [string, string][]): TableRow {
  if (pairs.length === 1) {
    const [[label, value]] = pairs as [[string, string]];
    return new TableRow({ children: [cell(label, LABEL_WIDTH, true), cell(value, 100 - LABEL_WIDTH, false, 3)] });
  }
  return new TableRow({ children: pairs.flatMap(([label, value]) => [cell(label, LABEL_WIDTH, true), cell(value, 50 - LABEL_WIDTH)]) });
}

const list = (names: string[]) => (names.length > 0 ? names.join('、') : '无');

/** The rows of the record's form, in the order inspectors read them. */
function formRows(r: PrintableRecord): TableRow[] {
  const attendance = [
    `应到 ${r.expected} 人，实到 ${r.attended} 人，请假 ${r.excused.length} 人，缺席 ${r.absent.length} 人`,
    `出席：${list([...r.present, ...r.late])}`,
    ...(r.late.length > 0 ? [`迟到：${list(r.late)}`] : []),
    `请假：${list(r.excused)}`,
    ...(r.leavePending.length > 0 ? [`请假待批：${list(r.leavePending)}`] : []),
    `缺席：${list(r.absent)}`,
    ...(r.notYet.length > 0 ? [`尚未签到（签到进行中）：${list(r.notYet)}`] : []),
    ...(r.exemptAbsent.length > 0 ? [`免于督促未到：${list(r.exemptAbsent)}`] : []),
  ].join('\n');
  return [
    row(['会议类型', r.kindZh], ['会议名称', r.title]),
    row(['时间', r.heldAt], ['地点', r.place ?? '未填写']),
    row(['主持人', r.host ?? '未填写'], ['记录人', r.recorder ?? '未填写']),
    ...(r.theme ? [row(['主题', r.theme])] : []),
    row(['议题', r.topic ?? '未填写']),
    row(['出席情况', attendance]),
    row(['会议内容', r.content.length > 0 ? r.content.join('\n') : '（尚未填写）']),
  ];
}

/** The printable meeting record as a .docx: the branch and kind as title, then the form. */
export async function buildRecordDocx(r: PrintableRecord): Promise<Buffer> {
  const document = new Document({
    creator: 'zhibu',
    title: `${r.branchName}会议记录`,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: `${r.branchName}会议记录`, font: TITLE_FONT, size: TITLE_SIZE })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun(`${r.kindZh}\u3000${r.heldAt}`)] }),
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: formRows(r) }),
        ...(r.revisionNote ? [new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: r.revisionNote, italics: true })] })] : []),
        new Paragraph({ spacing: { before: 480 }, alignment: AlignmentType.RIGHT, children: [new TextRun('主持人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000记录人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000')] }),
      ],
    }],
  });
  return Packer.toBuffer(document);
}
