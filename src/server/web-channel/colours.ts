// Picks text colours that stay readable (WCAG contrast) on whatever colours the organisation chose.

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Near-black or white, whichever reads better on the background. */
export function readableOn(background: string): string {
  const dark = '#1b1b1b';
  return contrastRatio(dark, background) >= contrastRatio('#ffffff', background) ? dark : '#ffffff';
}

/** The brand colour if it reads on the background as text (4.5:1), else the readable text colour. */
export function accentOn(background: string, brand: string): string {
  return contrastRatio(brand, background) >= 4.5 ? brand : readableOn(background);
}
