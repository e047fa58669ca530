import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/bot/types.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { renderDingtalkMessage } from '../../src/platforms/dingtalk/render-message.js';
import { renderFeishuMessage } from '../../src/platforms/feishu/render-message.js';

const digest: OutgoingMessage = {
  title: '「第一党支部」工作汇总',
  lines: ['12月7日（周一）：出席率 60%｜本月党费未缴 3 人'],
  table: { headers: ['优先跟进', '情况'], rows: [['王五', '连续 4 个月未参加活动，欠缴党费 3 个月']] },
  sections: [{ title: '党费（12月）', lines: ['已缴 2 人，待确认 1 人，未缴 3 人', '未缴：王五、赵六、钱七'] }],
  chart: { title: '近 3 次活动出席率', kind: 'line', unit: '%', points: [{ label: '10月2日', value: 100 }, { label: '11月6日', value: 80 }, { label: '12月4日', value: 60 }] },
};

describe('rendering a digest', () => {
  it('Feishu: a JSON 2.0 card with the sections, the table and a VChart chart element', () => {
    const rendered = renderFeishuMessage(digest);
    expect(rendered.msg_type).toBe('interactive');
    const card = JSON.parse(rendered.content) as { schema: string; body: { elements: Record<string, unknown>[] } };
    expect(card.schema).toBe('2.0');
    const tags = card.body.elements.map((e) => e.tag);
    expect(tags).toEqual(['div', 'table', 'div', 'div', 'chart']);
    expect(card.body.elements[2]).toMatchObject({ text: { content: '党费（12月）', text_size: 'heading' } });
    expect(card.body.elements[3]).toMatchObject({ text: { content: '已缴 2 人，待确认 1 人，未缴 3 人\n未缴：王五、赵六、钱七' } });
    expect(card.body.elements[4]).toEqual({
      tag: 'chart',
      aspect_ratio: '16:9',
      chart_spec: {
        type: 'line',
        title: { text: '近 3 次活动出席率（%）' },
        data: { values: [{ label: '10月2日', value: 100 }, { label: '11月6日', value: 80 }, { label: '12月4日', value: 60 }] },
        xField: 'label',
        yField: 'value',
        axes: [{ orient: 'left', min: 0, max: 100 }],
        label: { visible: true },
      },
    });
    // A chart alone makes a card, not plain text.
    expect(renderFeishuMessage({ lines: ['x'], chart: digest.chart }).msg_type).toBe('interactive');
  });

  it('DingTalk markdown and the console: the chart as text bars, the sections as headings', () => {
    const doc = renderDingtalkMessage(digest, { isGroup: false });
    expect(doc.isMarkdown).toBe(true);
    expect(doc.text).toContain('#### 党费（12月）\n\n已缴 2 人，待确认 1 人，未缴 3 人');
    expect(doc.text).toContain('#### 近 3 次活动出席率\n\n> 10月2日 ██████████ 100%\n\n> 11月6日 ████████░░ 80%\n\n> 12月4日 ██████░░░░ 60%');
    expect(renderText(digest).split('\n')).toEqual([
      '【「第一党支部」工作汇总】',
      '12月7日（周一）：出席率 60%｜本月党费未缴 3 人',
      '优先跟进  情况',
      '王五      连续 4 个月未参加活动，欠缴党费 3 个月',
      '▍党费（12月）',
      '已缴 2 人，待确认 1 人，未缴 3 人',
      '未缴：王五、赵六、钱七',
      '近 3 次活动出席率',
      '10月2日 ██████████ 100%',
      '11月6日 ████████░░ 80%',
      '12月4日 ██████░░░░ 60%',
    ]);
  });
});
