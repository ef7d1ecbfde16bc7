// Builds an EngineSetup from the real scripts in dialogs/ and the example organisation file.
import { loadOrganisation, organisationView } from '../../src/config.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import type { EngineSetup } from '../../src/conversation/setup.js';

export function engineSetup(scriptIds: string[] = ['carer'], extra: Partial<EngineSetup> = {}): EngineSetup {
  const org = loadOrganisation('config/organisation.example.yaml');
  const scripts = loadScripts('dialogs', scriptIds);
  return {
    scripts: scriptIds.map((id) => scripts.get(id)!),
    organisation: organisationView(org),
    ...extra,
  };
}
