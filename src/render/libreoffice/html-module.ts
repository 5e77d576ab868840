import { createRequire } from 'node:module';
import type { DXT } from 'docxtemplater';
import { HetongError } from '../../shared/errors.js';
import { decodeImageValue } from './image-data.js';
import { htmlToBlocks, htmlToRuns, type PlaceImage } from './html-to-wml.js';
import type { MediaSink } from './media-sink.js';
import { enclosingRunProps, inlinePictureRun, innerOf, withoutRunStyle, type CompiledPart } from './wml.js';

interface Traits {
  expandToOne(parts: DXT.Part[], options: Record<string, unknown>): DXT.Part[];
}
// docxtemplater's trait helpers are public in its module API but not typed; loaded once.
const traits = createRequire(import.meta.url)('docxtemplater/js/traits.js') as Traits;

const INLINE = 'hetong-html';
const BLOCK = 'hetong-html-block';

type RenderOptions = DXT.RenderOptions & { filePath: string; index: number; compiled: CompiledPart[] };

/**
 * `{~x}` (runs in place of the tag) and `{~~x}` (paragraphs replacing the tag's paragraph), our
 * own version of docxtemplater's paid HTML module; see html-to-wml.ts for what HTML is carried.
 */
export function htmlModule(sink: MediaSink): DXT.Module {
  let fileTypeConfig: { tagRawXml: string } | undefined;
  const getValue = (part: DXT.Part, options: RenderOptions): string | { errors: Error[] } => {
    try {
      const value: unknown = options.scopeManager.getValue(part.value, { part });
      if (value === undefined || value === null) return '';
      if (typeof value !== 'string') {
        throw new HetongError('CONTRACT_DATA_INVALID', 422, `html tag {~${part.value}} needs a string`, {
          problems: [{ path: part.value, problem: 'expected an HTML string' }],
        });
      }
      return value;
    } catch (e) {
      if (e instanceof HetongError) throw e;
      return { errors: [e as Error] };
    }
  };
  const placeImageFor =
    (filePath: string): PlaceImage =>
    (src, width, height, rPr) => {
      if (!src.startsWith('data:')) return ''; // never fetch remote images while rendering
      const image = decodeImageValue({ data: src, width, height }, 'html img');
      const { rId, id } = sink.add(filePath, image);
      return inlinePictureRun({
        rId,
        id,
        widthPt: image.width,
        heightPt: image.height,
        name: `Picture ${id}`,
        alt: '',
        rPr,
      });
    };
  return {
    name: 'HetongHtmlModule',
    optionsTransformer(options: DXT.Options, doc: { fileTypeConfig: { tagRawXml: string } }) {
      fileTypeConfig = doc.fileTypeConfig;
      return options;
    },
    matchers: () => [
      ['~~', BLOCK, {}],
      ['~', INLINE, {}],
    ],
    postparse(postparsed: DXT.Part[]) {
      // Expand `{~~x}` to its whole w:p, like the raw-XML tag `{@x}` of docxtemplater.
      return traits.expandToOne(postparsed, {
        moduleName: BLOCK,
        getInner: ({ part }: { part: DXT.Part }) => part,
        expandTo: fileTypeConfig?.tagRawXml ?? 'w:p',
        error: { message: 'HTML block tag not in a paragraph', id: 'html_block_outside_paragraph' },
      });
    },
    render(part: DXT.Part, options: RenderOptions) {
      if (part.module === INLINE) {
        const html = getValue(part, options);
        if (typeof html !== 'string') return html;
        const rPr = withoutRunStyle(enclosingRunProps(options.compiled, options.index));
        const runs = htmlToRuns(html, rPr, placeImageFor(options.filePath));
        const props = rPr ? `<w:rPr>${rPr}</w:rPr>` : '';
        return { value: `</w:t></w:r>${runs}<w:r>${props}<w:t xml:space="preserve">` };
      }
      if (part.module === BLOCK) {
        const html = getValue(part, options);
        if (typeof html !== 'string') return html;
        const left = (part.expanded?.[0] ?? []) as unknown as CompiledPart[];
        const fullPPr = innerOf(left, 'w:pPr');
        const sectPr = /<w:sectPr\b[\s\S]*<\/w:sectPr>/.exec(fullPPr);
        // The tag's own run style, else the paragraph mark's (inside pPr), is the fragment's base.
        const firstRun = left.findIndex((p) => p.tag === 'w:r');
        const runRPr = firstRun >= 0 ? innerOf(left.slice(firstRun), 'w:rPr') : '';
        const rPr = withoutRunStyle(runRPr || innerOf(left, 'w:rPr'));
        const pPr = fullPPr.replace(/<w:sectPr\b[\s\S]*<\/w:sectPr>/, '');
        let xml = htmlToBlocks(html, pPr, rPr, placeImageFor(options.filePath));
        // A section's properties must stay on exactly one paragraph (§17.6.18).
        if (sectPr) xml += `<w:p><w:pPr>${fullPPr}</w:pPr></w:p>`;
        return { value: xml };
      }
      return null;
    },
  } as unknown as DXT.Module;
}
