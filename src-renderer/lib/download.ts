// Saving what the user sees: text (CSV, JSON) and charts or heatmaps as PNG, through a temporary link.

// The views build their CSV with the one writer the CLI and the API use.
export { toCsv } from '../../src-shared/csv';

export function downloadText(fileName: string, text: string, contentType: string): void {
  save(fileName, URL.createObjectURL(new Blob([text], { type: contentType })));
}

/** The canvas as PNG on an opaque background (a transparent chart is unreadable in most viewers). */
export function downloadCanvasPng(fileName: string, canvas: HTMLCanvasElement): void {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d')!;
  context.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  save(fileName, copy.toDataURL('image/png'));
}

function save(fileName: string, href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
