/**
 * The width at which page images are asked for. The server renders PNG pages at a width; asking in
 * steps of 200 px lets caches be shared. At most 2 image pixels per CSS pixel: sharp enough to read
 * on a 3× phone, and a 3× image is 2.25 times the pixels to render, send and decode on a cheap phone
 * (zooming in asks for twice the width).
 */
export function imageWidth(cssWidth: number, devicePixelRatio: number): number {
  const px = cssWidth * Math.min(devicePixelRatio || 1, 2);
  return Math.max(400, Math.min(2000, Math.ceil(px / 200) * 200));
}
