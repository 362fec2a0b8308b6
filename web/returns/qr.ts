import QRCode from 'qrcode';

/** How the portal draws QR codes (the e2e test draws the same code with these options to check what the page shows). */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/** The QR code of `value` as an SVG data URL, drawn locally (no QR service sees the code). */
export async function qrDataUrl(value: string): Promise<string> {
  const svg = await QRCode.toString(value, QR_OPTIONS);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
