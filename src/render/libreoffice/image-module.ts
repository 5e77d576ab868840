import type { DXT } from 'docxtemplater';
import { decodeImageValue } from './image-data.js';
import type { MediaSink } from './media-sink.js';
import { enclosingRunProps, inlinePictureRun, withoutRunStyle, type CompiledPart } from './wml.js';

const MODULE_NAME = 'hetong-image';

/**
 * `{%x}`: an inline picture in place of the tag (docxtemplater's image module is a paid one, so
 * this is our own). The tag's run is split: text before the tag, the picture run, text after.
 * Limits: always inline (wp:inline), never floating; no centring variant `{%%x}`.
 */
export function imageModule(sink: MediaSink): DXT.Module {
  return {
    name: 'HetongImageModule',
    matchers: () => [['%', MODULE_NAME, {}]],
    render(
      part: DXT.Part,
      options: DXT.RenderOptions & { filePath: string; index: number; compiled: CompiledPart[] },
    ) {
      if (part.module !== MODULE_NAME) return null;
      const tag = String(part.value);
      let value: unknown;
      try {
        value = options.scopeManager.getValue(part.value, { part });
      } catch (e) {
        return { errors: [e as Error] };
      }
      if (value === undefined || value === null || value === '') return { value: '' };
      const image = decodeImageValue(value, tag);
      const { rId, id } = sink.add(options.filePath, image);
      const rPr = withoutRunStyle(enclosingRunProps(options.compiled, options.index));
      const run = inlinePictureRun({
        rId,
        id,
        widthPt: image.width,
        heightPt: image.height,
        name: `Picture ${id}`,
        alt: image.alt,
        rPr,
      });
      // Close the tag's w:t and w:r, add the picture run, reopen a run with the same properties.
      const props = rPr ? `<w:rPr>${rPr}</w:rPr>` : '';
      return { value: `</w:t></w:r>${run}<w:r>${props}<w:t xml:space="preserve">` };
    },
  } as DXT.Module;
}
