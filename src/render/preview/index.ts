export { assertPngWidth, svgPageDocuments, svgPages, svgToPngs, MAX_PNG_WIDTH, type SvgPage } from './png.js';
export { placeholderImage, sampleData } from './sample.js';
