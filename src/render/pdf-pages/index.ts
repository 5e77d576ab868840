export { PopplerRasterizer, checkPngWidth, findPdftoppm, type PdfPageRasterizer } from './poppler.js';
