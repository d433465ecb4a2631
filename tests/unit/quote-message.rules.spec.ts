import { quoteReadyMessage, whatsAppLink, whatsAppText } from '../../api/src/modules/quotes/quote-message.rules';
import { ShippingMethod } from '../../api/src/modules/quotes/quote.enums';

describe('the quote-ready message', () => {
  const message = quoteReadyMessage({
    number: 'SC-2026-000042',
    options: [
      { shippingMethod: ShippingMethod.AIR, totalUsdMinor: 24000, totalVesMinor: 876000, estimatedDeliveryAt: new Date('2026-12-12T16:00:00Z') },
      { shippingMethod: ShippingMethod.SEA, totalUsdMinor: 11250, totalVesMinor: 410625, estimatedDeliveryAt: new Date('2027-01-20T16:00:00Z') },
    ],
    responseDeadline: new Date('2026-11-24T03:30:00Z'),
    timeZone: 'America/Caracas',
  });

  it('lists each option with its all-in USD and VES price and delivery day, then the answer deadline, in the business time zone', () => {
    expect(message.title.es).toBe('Tu cotización SC-2026-000042 está lista');
    const lines = message.body.es.split('\n');
    expect(lines[0]).toBe('• Aéreo: USD 240,00 (Bs. 8.760,00), entrega estimada 12/12/26');
    expect(lines[1]).toBe('• Marítimo: USD 112,50 (Bs. 4.106,25), entrega estimada 20/1/27');
    // 03:30 UTC on the 24th is still the 23rd in Caracas (UTC−4).
    expect(lines[2]).toMatch(/^Respóndela en la app antes del 23\/11\/26, 11:30.*\(hora de America\/Caracas\)\.$/);
  });

  it('says the same in English, naming the month so that dates do not read as US short dates', () => {
    expect(message.title.en).toBe('Your quote SC-2026-000042 is ready');
    const lines = message.body.en.split('\n');
    expect(lines[0]).toBe('• Air: USD 240.00 (Bs. 8,760.00), estimated delivery Dec 12, 2026');
    expect(lines[2]).toMatch(/^Reply in the app before Nov 23, 2026, 11:30.*\(America\/Caracas time\)\.$/);
  });

  it('sends by WhatsApp the title and body on separate lines, through a wa.me link with the phone digits and the text encoded', () => {
    const text = whatsAppText(message);
    expect(text).toBe(`${message.title.es}\n${message.body.es}`);
    const link = whatsAppLink('+58 414-123 4567', text);
    expect(link.startsWith('https://wa.me/584141234567?text=')).toBe(true);
    expect(decodeURIComponent(link.split('?text=')[1]!)).toBe(text);
  });
});
