import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import type { App } from '../../app';
import type { Context } from '../../context';
import { sendRefusal } from '../../http/errors';
import { DomainError } from '../../shared/errors';
import { Permission } from '../identity/permission';
import { clientIp } from '../identity/throttle';
import { limits } from '../identity/throttle.rules';
import { orderWithChain, unitWithChain } from './trace.public';
import { firstEventConfirmed } from './unit-label.service';
import { orderTraceLink, unitTraceLink } from './unit-label.rules';

/** Units one label sheet may hold. */
const MAX_SHEET_UNITS = 60;

/** The permissions that open the traceability workspace, and with it the label sheet. */
const SHEET_PERMISSIONS: readonly Permission[] = [Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring, Permission.SellUnits];

/** The QR code of `link`: PNG (512 px, margin 2) or SVG, error correction M (a slightly scuffed label still reads). */
export function renderQr(link: string, format: 'png' | 'svg'): Promise<Buffer | string> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  return format === 'png' ? QRCode.toBuffer(link, { ...options, type: 'png', width: 512 }) : QRCode.toString(link, { ...options, type: 'svg' });
}

/**
 * GET /trace/qr/unit/:code.(png|svg) and /trace/qr/order/:token.(png|svg): a unit's or an order's QR code,
 * encoding its public portal page (unit-label.rules `unitTraceLink`, `orderTraceLink`). Public like the pages
 * they encode; 409 NOT_YET_ANCHORED until the history's first event is anchored and confirmed; unknown
 * subjects 404 TRACE_NOT_FOUND, counted per IP as traceUnit (then 429 TOO_MANY_ATTEMPTS).
 *
 * GET /trace/labels?units=U-…,U-…[&lang=en]: a printable label sheet (HTML, A4 print CSS) of up to 60 units —
 * product, code and QR code — for staff with a traceability permission (session cookie): 401/403 otherwise.
 */
export function traceLabelRouter(app: App, contextFor: (req: Request) => Promise<Context>): Router {
  const router = Router();
  router.get('/qr/:kind/:file', async (req, res, next) => {
    try {
      const { kind, file } = req.params as { kind: string; file: string };
      const match = /^(.{1,64})\.(png|svg)$/.exec(file);
      if ((kind !== 'unit' && kind !== 'order') || !match) return sendRefusal(res, 404, 'TRACE_NOT_FOUND');
      const [, key, format] = match as unknown as [string, string, 'png' | 'svg'];
      const ctx = await contextFor(req);
      const subject = await app.throttle.attempt([[limits.traceLookupIp, clientIp(ctx)]], async () => {
        const em = app.orm.em.fork();
        const found = kind === 'unit' ? await unitWithChain(em, key) : await orderWithChain(em, { token: key });
        if (!found) return { failed: true, error: new DomainError('TRACE_NOT_FOUND') };
        const [type, id] = 'unit' in found ? (['UNIT', found.unit.id] as const) : (['ORDER', found.order.id] as const);
        const link = 'unit' in found ? unitTraceLink(app.portalUrl(), found.unit.code) : orderTraceLink(app.portalUrl(), found.chain.publicToken);
        const name = 'unit' in found ? found.unit.code : found.order.number;
        return { failed: false, value: { issued: await firstEventConfirmed(em, type, id), link, name } };
      });
      if (!subject.issued) return sendRefusal(res, 409, 'NOT_YET_ANCHORED');
      const image = await renderQr(subject.link, format);
      res.setHeader('content-type', format === 'png' ? 'image/png' : 'image/svg+xml');
      res.setHeader('content-disposition', `inline; filename="morna-qr-${subject.name}.${format}"`);
      res.setHeader('cache-control', 'no-store');
      res.send(image);
    } catch (err) {
      refuse(err, res, next);
    }
  });

  router.get('/labels', async (req, res, next) => {
    try {
      const ctx = await contextFor(req);
      if (!ctx.principal) return sendRefusal(res, 401, 'UNAUTHENTICATED');
      if (!SHEET_PERMISSIONS.some((p) => ctx.principal!.permissions.has(p))) return sendRefusal(res, 403, 'FORBIDDEN');
      const codes = String(req.query.units ?? '').split(',').map((c) => c.trim()).filter(Boolean);
      if (codes.length === 0 || codes.length > MAX_SHEET_UNITS || codes.some((c) => c.length > 64)) return sendRefusal(res, 400, 'BAD_USER_INPUT', { field: 'units' });
      const en = req.query.lang === 'en';
      const em = app.orm.em.fork();
      const labels: string[] = [];
      for (const code of codes) {
        const found = await unitWithChain(em, code);
        if (!found) continue;
        const issued = await firstEventConfirmed(em, 'UNIT', found.unit.id);
        const qr = issued ? ((await renderQr(unitTraceLink(app.portalUrl(), found.unit.code), 'svg')) as string) : `<p class="pending">${en ? 'Not anchored yet: no QR code' : 'Aún sin anclar: sin código QR'}</p>`;
        labels.push(`<article class="label"><div class="qr" role="img" aria-label="${en ? 'QR code of' : 'Código QR de'} ${escapeHtml(found.unit.code)}">${qr}</div><h2>${escapeHtml(found.unit.product)}</h2><p class="code">${escapeHtml(found.unit.code)}</p>${found.unit.lot ? `<p>${en ? 'Lot' : 'Lote'} ${escapeHtml(found.unit.lot)}</p>` : ''}</article>`);
      }
      res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      res.setHeader('cache-control', 'no-store');
      res.type('html').send(labelSheet(labels, en));
    } catch (err) {
      refuse(err, res, next);
    }
  });
  return router;
}

function refuse(err: unknown, res: Response, next: (err: unknown) => void): void {
  if (err instanceof DomainError && err.code === 'TRACE_NOT_FOUND') return sendRefusal(res, 404, 'TRACE_NOT_FOUND');
  if (err instanceof DomainError && err.code === 'TOO_MANY_ATTEMPTS') return sendRefusal(res, 429, 'TOO_MANY_ATTEMPTS', { retryAfterSeconds: err.extensions.retryAfterSeconds });
  next(err);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sheet: a grid of 6 × 4 cm labels, cut lines on paper, no page chrome when printed. */
function labelSheet(labels: readonly string[], en: boolean): string {
  const title = en ? 'Morna traceability labels' : 'Etiquetas de trazabilidad Morna';
  const hint = en ? 'Print with your browser (Ctrl+P). Each QR code opens the unit\'s public traceability page.' : 'Imprime con tu navegador (Ctrl+P). Cada código QR abre la página pública de trazabilidad de la unidad.';
  return `<!doctype html><html lang="${en ? 'en' : 'es'}"><head><meta charset="utf-8"><title>${title}</title><style>
body{font-family:system-ui,sans-serif;margin:1rem;color:#111}
.sheet{display:grid;grid-template-columns:repeat(auto-fill,6cm);gap:4mm}
.label{width:6cm;min-height:4cm;box-sizing:border-box;border:1px dashed #666;padding:3mm;text-align:center;break-inside:avoid}
.label .qr svg{width:3cm;height:3cm}
.label h2{font-size:10pt;margin:1mm 0}
.label p{margin:0;font-size:9pt}
.code{font-family:ui-monospace,monospace;font-weight:bold;letter-spacing:.05em}
.pending{padding:1cm 0;color:#8a1c00}
@media print{.hint,h1{display:none}body{margin:0}@page{size:A4;margin:10mm}}
</style></head><body><main><h1>${title}</h1><p class="hint">${hint}</p><section class="sheet" aria-label="${title}">${labels.join('')}</section></main></body></html>`;
}
