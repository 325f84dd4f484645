// Writes the workbooks the import tests read, the way other tools write them: ExcelJS (1904 date system), SheetJS
// (clerks' words, an .xls of Excel 97-2003). Run: node make-fixtures.mjs ../../tests/Zhijian.Tests/Fixtures/Workbooks
// The files are checked in; run this again only to change them.
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import path from 'node:path';

const out = process.argv[2] ?? '../../tests/Zhijian.Tests/Fixtures/Workbooks';
const headers = ['姓名', '性别', '民族', '出生日期', '公民身份号码', '手机号码', '学历', '政治面貌', '入团/入党时间', '所在支部', '工作单位', '职务', '家庭住址'];

// A GB 11643 number: region 110105, the birth date, a sequence (odd: male) and its check character.
function idNumber(birth, seq) {
  const body = `110105${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
const gender = (seq) => (seq % 2 === 1 ? '男' : '女');
const utc = (iso) => new Date(`${iso}T00:00:00Z`);

// ExcelJS, 1904 date system, dates as date cells.
{
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('党（团）员信息');
  ws.addRow(headers);
  const people = [['林晓1904', '2001-05-04', 11, '2016-05-04'], ['林晓月1904', '2002-02-28', 12, '2017-03-01']];
  for (const [name, birth, seq, joined] of people) {
    const row = ws.addRow([name, gender(seq), '汉族', utc(birth), idNumber(birth, seq), '13800138000', '大学本科毕业', '共青团员', utc(joined), '一九零四支部', '某公司', '职员', '北京']);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
    row.getCell(9).numFmt = 'yyyy-mm-dd';
  }
  await wb.xlsx.writeFile(path.join(out, 'exceljs-date1904.xlsx'));
}

// SheetJS, the words and forms clerks type. Row 10 is refused (本科生), with a suggestion.
{
  const rows = [
    headers,
    ['冀  雨丹', '女', 1, '2003-01-15', "'" + idNumber('2003-01-15', 22), '13800138001', '本科', '团员', '2019年11月', '用语支部', '', '', ''],
    ['王　大专', '男', '汉', '2000-04-02', idNumber('2000-04-02', 31), '', '大专', '共青团员', 2015.05, '用语支部', '', '', ''],
    ['李硕士', '男', '01', '2001-06-30', idNumber('2001-06-30', 41), '', '硕士', '共青团员', '2019.11', '用语支部', '', '', ''],
    ['赵研究生', '女', '汉族', '2001-07-01', idNumber('2001-07-01', 52), '', '研究生', '共青团员', '2018-07-01', '用语支部', '', '', ''],
    ['钱高中', '男', '汉族', '2002-08-08', idNumber('2002-08-08', 63), '', '高中', '共青团员', '2018-09-01', '用语支部', '', '', ''],
    ['孙中专', '女', '汉族', '2002-09-09', idNumber('2002-09-09', 74), '', '中专', '共青团员', '2018-10-01', '用语支部', '', '', ''],
    ['周大学', '男', '汉族', '2002-10-10', idNumber('2002-10-10', 85), '', '大学', '共青团员', '2018-11-01', '用语支部', '', '', ''],
    ['吴 本科', '女', '汉族', '2002-11-11', idNumber('2002-11-11', 96), '', '本科生', '共青团员', '2018-12-01', '用语支部', '', '', ''],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '党（团）员信息');
  XLSX.writeFile(wb, path.join(out, 'sheetjs-clerks.xlsx'));
}

// SheetJS, Excel 97-2003 (.xls, BIFF8), one date cell.
{
  const rows = [
    headers,
    ['陈旧版', '男', '汉族', utc('2000-03-01'), idNumber('2000-03-01', 17), '13800138002', '本科', '共青团员', '2015-06-01', '旧版支部', '某公司', '职员', '北京'],
    ['杨旧版', '女', '回族', '2001-03-02', idNumber('2001-03-02', 28), '', '大学本科毕业', '共青团员', utc('2016-06-01'), '旧版支部', '', '', ''],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, dateNF: 'yyyy-mm-dd' });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '党（团）员信息');
  XLSX.writeFile(wb, path.join(out, 'sheetjs-97.xls'), { bookType: 'biff8' });
}
console.log('written to', out);
