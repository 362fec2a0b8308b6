// Tiny documents the simulator serves at the URLs it hands out: a one-page PDF label, a ZPL label and a QR placeholder.
// They only need to open and show the right numbers; none of them is a real carrier's format.

/** Printable ASCII only (PDF base-14 fonts, ZPL and SVG text stay simple); anything else becomes `?`. */
function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '?');
}

function pdfString(text: string): string {
  return `(${ascii(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A valid one-page PDF (4 × 6 in label) with the given lines, first one large. */
export function pdfDocument(lines: string[]): Buffer {
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 24 ${i === 0 ? 392 : 366 - (i - 1) * 18} Td ${pdfString(line)} Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A ZPL II label (203 dpi, 4 × 6 in): title, lines, and the tracking number as a Code 128 barcode. */
export function zplDocument(title: string, lines: string[], barcode: string): string {
  const field = (s: string) => ascii(s).replace(/[\^~]/g, ' ');
  const rows = lines.map((line, i) => `^FO40,${110 + i * 40}^A0N,28,28^FD${field(line)}^FS`);
  return ['^XA', '^CI28', `^FO40,40^A0N,50,50^FD${field(title)}^FS`, ...rows, `^FO40,${140 + lines.length * 40}^BY3^BCN,160,Y,N,N^FD${field(barcode)}^FS`, '^XZ', ''].join('\n');
}

/** An SVG standing in for a QR code: it shows the data a real QR code would encode. */
export function qrPlaceholderSvg(title: string, data: string): string {
  const esc = (s: string) => ascii(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // A deterministic pattern from the data, so different codes look different.
  let seed = 0;
  for (const c of data) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  const cells: string[] = [];
  for (let y = 0; y < 21; y++) {
    for (let x = 0; x < 21; x++) {
      // The three finder squares of a QR code, then noise.
      const finder = (x < 7 && y < 7) || (x > 13 && y < 7) || (x < 7 && y > 13);
      const fx = x < 7 ? x : x - 14;
      const fy = y < 7 ? y : y - 14;
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const on = finder ? fx === 0 || fx === 6 || fy === 0 || fy === 6 || (fx >= 2 && fx <= 4 && fy >= 2 && fy <= 4) : (seed >>> 16) % 2 === 0;
      if (on) cells.push(`<rect x="${20 + x * 8}" y="${20 + y * 8}" width="8" height="8"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="208" height="260" viewBox="0 0 208 260">
<rect width="208" height="260" fill="white"/>
<g fill="black">${cells.join('')}</g>
<text x="104" y="208" font-family="sans-serif" font-size="11" text-anchor="middle">${esc(title)}</text>
<text x="104" y="226" font-family="monospace" font-size="11" text-anchor="middle">${esc(data)}</text>
<text x="104" y="246" font-family="sans-serif" font-size="9" fill="#888" text-anchor="middle">simulated code, not a scannable QR</text>
</svg>
`;
}
