import { TicketCategory } from './ticket.states';

/**
 * Weighted Spanish (and a few English) stems per category: a word votes for a category when its stem starts with one
 * of these. Weights say how telling a word is ("aduana" points to shipping more surely than "llegar").
 */
const categoryStems: Record<Exclude<TicketCategory, TicketCategory.OTHER>, Record<string, number>> = {
  [TicketCategory.QUOTE]: { cotiz: 3, presupuest: 3, quote: 3, preci: 2, cost: 1, solicitud: 1, modific: 1, enlac: 1, link: 1 },
  [TicketCategory.PAYMENT]: { pag: 3, transfer: 3, pago: 3, zell: 3, pagomovil: 3, comprob: 2, refer: 1, bolivar: 2, dolar: 1, cobr: 2, reembols: 2, factur: 2, payment: 3, valid: 1 },
  [TicketCategory.SHIPPING]: { envi: 3, aduan: 3, rastre: 3, track: 3, lleg: 2, entreg: 2, paquet: 2, caj: 2, courier: 2, retras: 2, demor: 2, almacen: 1, shipping: 3, deliver: 2, custom: 3 },
  [TicketCategory.PRODUCT]: { dañ: 3, rot: 3, defect: 3, devol: 3, garant: 3, tall: 2, color: 1, falt: 2, product: 1, calid: 2, broken: 3, damag: 3 },
  [TicketCategory.ACCOUNT]: { cuent: 3, contraseñ: 3, contrasen: 3, usuari: 2, sesion: 2, registr: 2, telefon: 2, corre: 1, codig: 1, password: 3, account: 3, login: 3 },
};

/** Lower-case words without accents (ñ kept), the text split on anything that is not a letter or digit. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ñ/g, '\u0001')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u0001/g, 'ñ')
    .split(/[^a-z0-9ñ]+/)
    .filter((w) => w.length >= 3);
}

/** The score of every category for `text`: the weight of each matching stem, once per word. */
export function categoryScores(text: string): Record<TicketCategory, number> {
  const scores = Object.fromEntries(Object.values(TicketCategory).map((c) => [c, 0])) as Record<TicketCategory, number>;
  for (const word of words(text)) {
    for (const [category, stems] of Object.entries(categoryStems) as [TicketCategory, Record<string, number>][]) {
      let best = 0;
      for (const [stem, weight] of Object.entries(stems)) if (word.startsWith(stem) && weight > best) best = weight;
      scores[category] += best;
    }
  }
  return scores;
}

/**
 * The category the text most likely belongs to (seed 000 "El ticket se clasifica"): the highest score; a tie keeps
 * the first in QUOTE, PAYMENT, SHIPPING, PRODUCT, ACCOUNT order; OTHER when no stem matched. Staff confirm or change it.
 */
export function suggestCategory(text: string): TicketCategory {
  const scores = categoryScores(text);
  let best: TicketCategory = TicketCategory.OTHER;
  for (const category of Object.keys(categoryStems) as TicketCategory[]) if (scores[category] > scores[best]) best = category;
  return best;
}
