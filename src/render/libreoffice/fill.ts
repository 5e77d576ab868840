import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { HetongError } from '../../shared/errors.js';
import { htmlModule } from './html-module.js';
import { imageModule } from './image-module.js';
import { MediaSink } from './media-sink.js';
import { keepSectionBreaks } from './section-breaks.js';
import { dottedPathParser } from './tag-parser.js';

export interface Delimiters {
  start: string;
  end: string;
}

export interface FillOptions {
  /** Tag delimiters; `{` `}` by default (e.g. `{{ }}` or `${ }` per template). */
  delimiters?: Delimiters;
}

interface ErrorProperties {
  id?: string;
  explanation?: string;
  file?: string;
  xtag?: string;
  errors?: { properties?: ErrorProperties }[];
}

interface DocxtemplaterErrorShape {
  properties?: ErrorProperties;
}

/**
 * Fills a Word template with docxtemplater's tag semantics (paragraphLoop, linebreaks, missing
 * values as empty text) plus our image `{%x}` and HTML `{~x}` / `{~~x}` modules. Returns the
 * filled .docx. Pure: no I/O.
 */
export function fillTemplate(docx: Uint8Array, data: unknown, options: FillOptions = {}): Uint8Array {
  let zip: PizZip;
  try {
    zip = new PizZip(docx);
  } catch (e) {
    throw new HetongError('TEMPLATE_INVALID_DOCX', 400, 'the template is not a readable .docx (zip) file', {
      cause: String(e),
    });
  }
  const delimiters = options.delimiters ?? { start: '{', end: '}' };
  const body = zip.file('word/document.xml');
  if (body !== null) zip.file('word/document.xml', keepSectionBreaks(body.asText(), delimiters));
  const sink = new MediaSink();
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      nullGetter: () => '',
      parser: dottedPathParser,
      delimiters,
      modules: [imageModule(sink), htmlModule(sink)],
    });
    doc.render(data ?? {});
  } catch (e) {
    if (e instanceof HetongError) throw e;
    throw tagError(e);
  }
  const out = doc.getZip();
  sink.writeTo(out);
  return new Uint8Array(out.generate({ type: 'uint8array', compression: 'DEFLATE' }));
}

/** docxtemplater's multi-error into one error listing every problem (stable code, 400). */
function tagError(e: unknown): HetongError {
  const props = (e as DocxtemplaterErrorShape).properties;
  if (!props) {
    return new HetongError('TEMPLATE_INVALID_DOCX', 400, `the template could not be read: ${String(e)}`);
  }
  const list = props.errors ?? [{ properties: props }];
  const problems = list.map((x) => ({
    id: x.properties?.id,
    message: x.properties?.explanation,
    part: x.properties?.file,
    tag: x.properties?.xtag,
  }));
  const first = problems[0]?.message ?? 'template tag error';
  return new HetongError('TEMPLATE_TAG_INVALID', 400, `template tags are invalid: ${first}`, { problems });
}
