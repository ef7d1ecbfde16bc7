// A setting that stops start-up with one plain line (index.ts prints it). A leaf, so any layer can throw it.
export class ConfigError extends Error {}
