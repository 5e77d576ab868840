/**
 * LibreOffice as an optional render engine and the fidelity reference (issue 2, item 10): the
 * template is filled by docxtemplater (same tag semantics as our engine, with our own image and
 * HTML modules) and converted to PDF by a headless soffice with Word font aliases.
 */
import { execFile } from 'node:child_process';
import { fillTemplate, type Delimiters } from './fill.js';
import { DEFAULT_TIMEOUT_MS, findSoffice, SofficeConverter } from './soffice.js';

export { fillTemplate, type Delimiters, type FillOptions } from './fill.js';
export { findSoffice, FONTS_CONF, SofficeConverter } from './soffice.js';
export type { ImageTagValue } from './image-data.js';

export interface LibreOfficeRenderOptions {
  delimiters?: Delimiters;
  /** Per conversion; `RENDER_TIMEOUT` when exceeded. Default 60 s. */
  timeoutMs?: number;
}

let available: Promise<boolean> | undefined;

/** True when soffice is installed and answers `--version` (checked once per process). */
export function isLibreOfficeAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => {
    const binary = findSoffice();
    if (!binary) return resolve(false);
    execFile(binary, ['--version'], { timeout: 30_000 }, (err, stdout) => {
      resolve(!err && /LibreOffice/i.test(String(stdout)));
    });
  });
  return available;
}

let shared: SofficeConverter | undefined;

/** The process-wide converter: one private profile, conversions serialised. */
function converter(): SofficeConverter {
  shared ??= new SofficeConverter();
  return shared;
}

/** Fills `docx` with `data` and converts it to PDF through LibreOffice. */
export async function renderWithLibreOffice(
  docx: Uint8Array,
  data: unknown,
  options: LibreOfficeRenderOptions = {},
): Promise<Uint8Array> {
  const filled = fillTemplate(docx, data, options.delimiters ? { delimiters: options.delimiters } : {});
  const [pdf] = await converter().convert([filled], options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return pdf!;
}

/** Several documents in one soffice run (the start-up dominates a single conversion). */
export async function renderManyWithLibreOffice(
  jobs: readonly { docx: Uint8Array; data: unknown; delimiters?: Delimiters }[],
  options: { timeoutMs?: number } = {},
): Promise<Uint8Array[]> {
  const filled = jobs.map((j) =>
    fillTemplate(j.docx, j.data, j.delimiters ? { delimiters: j.delimiters } : {}),
  );
  return converter().convert(filled, options.timeoutMs ?? DEFAULT_TIMEOUT_MS * Math.max(1, jobs.length / 4));
}

export { WarmLibreOffice } from './warm.js';
