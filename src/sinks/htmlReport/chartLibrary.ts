import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** The charting library's browser build and stylesheet, inlined into every report so it works offline. */
export interface ChartLibrary {
  name: string;
  script: string;
  style: string;
}

export class ChartLibraryError extends Error {
  override name = 'ChartLibraryError';
}

/** uPlot (MIT) from node_modules: its IIFE build defines the global `uPlot`. Read at report time, never copied into the repo. */
export async function loadChartLibrary(): Promise<ChartLibrary> {
  const require = createRequire(import.meta.url);
  const read = async (file: string) => {
    let path: string;
    try {
      path = require.resolve(`uplot/dist/${file}`);
    } catch (error) {
      throw new ChartLibraryError(`the HTML report needs the uplot package (uplot/dist/${file}); run npm ci`, { cause: error });
    }
    const text = await readFile(path, 'utf8');
    // Inlined in a <script> or <style> element, whose content ends at the first closing tag.
    if (/<\/(script|style)/i.test(text)) throw new ChartLibraryError(`${path} contains a closing </script> or </style> tag and cannot be inlined`);
    return text;
  };
  const version = (JSON.parse(await readFile(require.resolve('uplot/package.json'), 'utf8')) as { version: string }).version;
  return { name: `uPlot ${version}`, script: await read('uPlot.iife.min.js'), style: await read('uPlot.min.css') };
}
