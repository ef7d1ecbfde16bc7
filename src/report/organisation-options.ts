// The report options an organisation's settings imply, so the CLI and the Teams command agree.
import type { OrganisationFile } from '../config.js';
import type { Script } from '../conversation/script.js';
import type { ReportOptions } from './build-report.js';
import { defaultThemes } from './themes-file.js';

export function organisationReportOptions(
  organisation: Pick<OrganisationFile, 'name' | 'smallNumberThreshold' | 'themes'>,
  scripts?: ReadonlyMap<string, Script>,
): Pick<ReportOptions, 'organisation' | 'threshold' | 'themes' | 'scripts'> {
  return {
    organisation: organisation.name,
    threshold: organisation.smallNumberThreshold,
    themes: organisation.themes ?? defaultThemes(),
    scripts,
  };
}
