/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's chromium package (apt-get install chromium; .ci/run installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
/** Flags that let Chromium run headless as root on these machines with nothing reaching out (FIELD-NOTES.md). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface ChartCheck {
  id: string;
  canvasWidth: number;
  canvasHeight: number;
  /** Windows and series the page's data says the chart has, and what uPlot holds. */
  expectedPoints: number;
  expectedSeries: number;
  drawnPoints: number;
  drawnSeries: number;
}

export interface ReportCheck {
  errors: string[];
  charts: ChartCheck[];
  pageWidth: number;
  timelineRows: number;
}

/**
 * Opens an HTML report file in headless Chromium at 1280 × 900 (a fresh profile, no network), collects console
 * errors and page errors, measures every chart's canvas, and takes a full-page screenshot.
 */
export async function checkReportInBrowser(file: string, screenshot: string, timeoutMs = 30_000): Promise<ReportCheck> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: timeoutMs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(timeoutMs);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    // Offline: any request the page makes (a script or style not inlined) fails, and is reported.
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { driftwatchCharts?: unknown }).driftwatchCharts !== undefined);
    const result = await page.evaluate(() => {
      const drawn = (window as unknown as { driftwatchCharts: { id: string; points: number; series: number }[] }).driftwatchCharts;
      const charts = Array.from(document.querySelectorAll<HTMLElement>('.plot')).map((el) => {
        const canvas = el.querySelector('canvas');
        const box = canvas?.getBoundingClientRect();
        const mine = drawn.find((d) => d.id === el.id);
        return {
          id: el.id,
          canvasWidth: box?.width ?? 0,
          canvasHeight: box?.height ?? 0,
          expectedPoints: Number(el.dataset.points),
          expectedSeries: Number(el.dataset.series),
          drawnPoints: mine?.points ?? -1,
          drawnSeries: mine?.series ?? -1,
        };
      });
      return { charts, pageWidth: document.documentElement.scrollWidth, timelineRows: document.querySelectorAll('#alert-timeline tbody tr').length };
    });
    await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, ...result };
  } finally {
    await browser.close();
  }
}
