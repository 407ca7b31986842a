import { writeFile } from 'node:fs/promises';
import { loadChartLibrary } from './chartLibrary.ts';
import { renderReport } from './renderReport.ts';
import { reportModel, type HtmlReportInput } from './reportModel.ts';

/** Writes the replay's outputs as one self-contained HTML report. */
export async function writeHtmlReport(path: string, input: HtmlReportInput): Promise<void> {
  await writeFile(path, renderReport(reportModel(input), await loadChartLibrary()));
}
