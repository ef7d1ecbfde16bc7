// The one card template loader: reads cards/NAME.json once, checks it is an Adaptive Card Teams can
// draw, and keeps the prepared adaptivecards-templating Template. Used for the person's, the
// practitioners' and the report's cards alike.
import * as ACData from 'adaptivecards-templating';
import { readCardJson } from './files.js';

/** Teams renders Adaptive Cards up to 1.5. */
const HIGHEST_VERSION = 1.5;

const loaded = new Map<string, ACData.Template>();

/** cards/NAME.json as a template; a broken file fails with `cards/NAME.json: what is wrong`. */
export function cardFile(name: string): ACData.Template {
  const found = loaded.get(name);
  if (found) return found;
  const { json, shown } = readCardJson(`${name}.json`);
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'AdaptiveCard') {
    throw new Error(`${shown}: not an Adaptive Card (type must be "AdaptiveCard")`);
  }
  const version = Number((json as { version?: unknown }).version);
  if (!(version > 0 && version <= HIGHEST_VERSION)) {
    throw new Error(`${shown}:version: must be "1.0" to "1.5", the highest Teams renders`);
  }
  const template = new ACData.Template(json);
  loaded.set(name, template);
  return template;
}
