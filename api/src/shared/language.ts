import { registerEnumType } from 'type-graphql';

/** The languages the product speaks to people in: Spanish first, English switchable. */
export enum Language {
  ES = 'es',
  EN = 'en',
}
registerEnumType(Language, { name: 'Language', description: 'A language of the product\'s texts: ES (Spanish, the default) or EN (English).' });

/** A text people read, written in every language of the product. */
export type LocalizedText = Record<Language, string>;

/** The Intl locale each language formats dates and numbers with (Venezuelan Spanish; US English). */
export const intlLocale: Record<Language, string> = { [Language.ES]: 'es-VE', [Language.EN]: 'en-US' };

/** `text` in `language`, falling back to Spanish when that language has no text (rows written before it). */
export function textIn(text: { es: string; en: string | null }, language: Language): string {
  return (language === Language.EN ? text.en : null) ?? text.es;
}

/** A text written once per language by `write` (for texts whose numbers and dates are formatted per language). */
export function inLanguages(write: (language: Language) => string): LocalizedText {
  return { [Language.ES]: write(Language.ES), [Language.EN]: write(Language.EN) };
}
