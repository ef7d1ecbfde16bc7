// Vega-Lite spec -> SVG text, on the server, with no browser and no network (data is always inline).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { installTextWidths } from './text-width.js';

installTextWidths();

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
