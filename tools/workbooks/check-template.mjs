// Opens the member template with ExcelJS and SheetJS, the libraries other tools build on, and prints what they read as
// JSON (the integration test ImportExportTests compares it). Exits non-zero when either library cannot open the file.
// Usage: node check-template.mjs <template.xlsx>
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';

const file = process.argv[2];
if (!file) {
  console.error('usage: node check-template.mjs <template.xlsx>');
  process.exit(2);
}

const report = {};
try {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0];
  const headers = sheet.getRow(1).values.slice(1);
  const validations = {};
  for (const column of ['B', 'C', 'G', 'H', 'J']) {
    const v = sheet.getCell(`${column}2`).dataValidation;
    if (v && v.type) validations[column] = { type: v.type, formulae: v.formulae };
  }
  report.exceljs = {
    sheets: wb.worksheets.map((s) => ({ name: s.name, state: s.state })),
    headers,
    idFormat: sheet.getColumn(5).numFmt ?? sheet.getCell('E2').numFmt ?? null,
    phoneFormat: sheet.getColumn(6).numFmt ?? sheet.getCell('F2').numFmt ?? null,
    validations,
    definedNames: wb.definedNames.model.map((n) => ({ name: n.name, ranges: n.ranges })),
  };
} catch (e) {
  console.error(`ExcelJS cannot open ${file}: ${e.stack ?? e}`);
  process.exit(1);
}

try {
  const wb = XLSX.readFile(file);
  const first = wb.Sheets[wb.SheetNames[0]];
  report.sheetjs = {
    sheets: wb.SheetNames,
    headers: XLSX.utils.sheet_to_json(first, { header: 1 })[0],
    hidden: (wb.Workbook?.Sheets ?? []).map((s) => s.Hidden ?? 0),
  };
} catch (e) {
  console.error(`SheetJS cannot open ${file}: ${e.stack ?? e}`);
  process.exit(1);
}

console.log(JSON.stringify(report));
