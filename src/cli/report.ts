// npm run report -- [--from YYYY-MM-DD --to YYYY-MM-DD] [--script ID] [--format html|json] [--out FILE] [--shared-only]
// Reads the records (DATA_DIR or DATABASE_URL) and writes the outcomes report. See src/cli/report-main.ts.
import { runReportCli } from './report-main.js';

runReportCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`report: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 1;
  },
);
