// Whether a reply is a phone number or an email address as a whole: the shape, not whether it works.
const PHONE = /^\+?[\d\s()-]{7,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeContact(method: 'phone' | 'email', text: string): boolean {
  const t = text.trim();
  if (method === 'email') return EMAIL.test(t) && t.length <= 254;
  const digits = t.replace(/\D/g, '');
  return PHONE.test(t) && digits.length >= 7 && digits.length <= 15;
}
