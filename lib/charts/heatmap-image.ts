/**
 * The heatmap's cells painted into an RGBA pixel buffer of the plot's size, nearest
 * neighbour (a cell is a crisp block, never a blur across GPUs). One pass over the
 * output pixels: 2.36 M cells cost what the panel's pixels cost, not what the cells cost.
 */
export function paintCells(
  cells: Uint8Array,
  grid: { rows: number; cols: number },
  palette: Uint8ClampedArray,
  size: { width: number; height: number },
): Uint8ClampedArray {
  const width = Math.max(1, Math.round(size.width));
  const height = Math.max(1, Math.round(size.height));
  const out = new Uint8ClampedArray(width * height * 4);
  if (grid.rows === 0 || grid.cols === 0) return out;
  const out32 = new Uint32Array(out.buffer);
  const pal32 = new Uint32Array(palette.buffer, palette.byteOffset, 256);
  const colOf = new Uint32Array(width);
  for (let x = 0; x < width; x++) colOf[x] = Math.min(grid.cols - 1, Math.floor(((x + 0.5) * grid.cols) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.min(grid.rows - 1, Math.floor(((y + 0.5) * grid.rows) / height));
    const src = row * grid.cols;
    const dst = y * width;
    for (let x = 0; x < width; x++) out32[dst + x] = pal32[cells[src + colOf[x]!]!]!;
  }
  return out;
}

/** Which cell a point of the plot (pixels from its top-left) falls in. */
export function cellAt(grid: { rows: number; cols: number }, size: { width: number; height: number }, x: number, y: number): { row: number; col: number } | null {
  if (x < 0 || y < 0 || x >= size.width || y >= size.height) return null;
  return { row: Math.floor((y / size.height) * grid.rows), col: Math.floor((x / size.width) * grid.cols) };
}
