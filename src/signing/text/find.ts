import type { PageInfo, PdfFile } from '../pdf/file.js';
export interface TextHit {
  pageIndex: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export function findText(_file: PdfFile, _pages: PageInfo[], _keyword: string): TextHit[] {
  throw new Error('TODO');
}
