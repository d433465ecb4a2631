import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../modules/identity/passwords';
import { Customer } from '../modules/identity/customer.entity';
import { Role, UserKind } from '../modules/identity/role';
import { User } from '../modules/identity/user.entity';
import { BusinessParameters } from '../modules/settings/business-parameters.entity';
import { LocationKind, MovementType, ProductKind } from '../modules/inventory/inventory.enums';
import { Location } from '../modules/inventory/location.entity';
import { Product } from '../modules/inventory/product.entity';
import { Stock } from '../modules/inventory/stock.entity';
import { StockMovement } from '../modules/inventory/stock-movement.entity';

/** The demo password of every demo account (printed by `npm start`; change or disable them in production). */
export const DEMO_PASSWORD = 'morna-demo';

/** One sign-in per role. */
export const demoSignIns = [
  { role: Role.MASTER, username: 'master', displayName: 'Marta Master' },
  { role: Role.CHINA_AGENT, username: 'china', displayName: 'Li Wei (China)' },
  { role: Role.VENEZUELA_AGENT, username: 'venezuela', displayName: 'Carlos Pérez (Venezuela)' },
  { role: Role.PAYMENT_VALIDATOR, username: 'pagos', displayName: 'Ana Rodríguez (Pagos)' },
  { role: Role.SALES, username: 'ventas', displayName: 'Luis Gómez (Ventas)' },
  { role: Role.SUPPORT, username: 'soporte', displayName: 'Sofía Díaz (Soporte)' },
  { role: Role.SUPERVISOR, username: 'supervisor', displayName: 'Jorge Blanco (Supervisor)' },
  { role: Role.CUSTOMER, username: 'maria', displayName: 'María González' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

const demoCustomers = [
  { username: 'maria', fullName: 'María González', email: 'maria@example.com', phone: '+584121234567', code: 'MC-DEMO01' },
  { username: 'jose', fullName: 'José Hernández', email: 'jose@example.com', phone: '+584141234568', code: 'MC-DEMO02' },
  { username: 'valentina', fullName: 'Valentina Rojas', email: 'valentina@example.com', phone: '+584241234569', code: 'MC-DEMO03' },
];

/** Parameters version 1: real-looking rates for a China → Venezuela forwarder (money in USD minor units). */
export const demoParameters = {
  version: 1,
  vesPerUsd: '36.500000',
  profitMargin: '0.250000',
  airRatePerKgMinor: 1200,
  doorToDoorRatePerKgMinor: 1500,
  seaRatePerCubicMeterMinor: 45000,
  volumetricDivisor: 5000,
  courierFeeMinor: 500,
  officePickupFeeMinor: 0,
  usdPaymentDiscount: '0.050000',
  quoteResponseHours: 72,
  paymentDeadlineHours: 48,
  monthlyQuoteLimit: 5,
  modificationLimit: 2,
  staffResponseAlertHours: 24,
  supportChatAnswerMinutes: 5,
  timeZone: 'America/Caracas',
  changeReason: 'Parámetros iniciales',
};

/**
 * Loads the demo data once (skipped when any user exists): parameters v1, one staff user per role and
 * three verified customers. Returns whether it loaded anything.
 */
export async function seedDemoData(em: EntityManager, opts: { customers?: boolean } = {}): Promise<boolean> {
  if ((await em.count(User)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    const now = new Date();
    tx.persist(tx.create(BusinessParameters, { ...demoParameters, effectiveFrom: now }));
    const staff = demoSignIns.filter((d) => d.role !== Role.CUSTOMER).map((s) =>
      tx.create(User, { username: s.username, displayName: s.displayName, email: `${s.username}@morna.example`, passwordHash, kind: UserKind.STAFF, roles: [s.role], active: true, createdAt: now }));
    tx.persist(staff);
    seedDemoInventory(tx, staff.find((u) => u.roles.includes(Role.MASTER))!, now);
    if (opts.customers === false) return;
    for (const c of demoCustomers) {
      const user = tx.create(User, { username: c.username, displayName: c.fullName, email: c.email, passwordHash, kind: UserKind.CUSTOMER, roles: [Role.CUSTOMER], active: true, createdAt: now });
      tx.persist([user, tx.create(Customer, { user, code: c.code, fullName: c.fullName, email: c.email, phone: c.phone, phoneVerifiedAt: now, createdAt: now })]);
    }
  });
  return true;
}

/**
 * Demo inventory (issue 9): a warehouse, a store and a workshop venue; a ceramics kit stocked in two locations, a
 * product near its low-stock threshold, and a workshop session with 12 seats. Every stock row has the ENTRY
 * movements it is the sum of, recorded by the Master.
 */
function seedDemoInventory(em: EntityManager, master: User, now: Date): void {
  const location = (code: string, name: string, kind: LocationKind) => em.create(Location, { code, name, kind, active: true, createdAt: now });
  const warehouse = location('CCS-ALM', 'Almacén Caracas', LocationKind.WAREHOUSE);
  const store = location('CCS-TDA', 'Tienda Chacao', LocationKind.STORE);
  const venue = location('CCS-TALLER', 'Sala de talleres Chacao', LocationKind.VENUE);
  const product = (p: { sku: string; name: string; category: string; priceMinor: number; kind: ProductKind; lowStockThreshold: number; capacity?: number; sessionAt?: Date }) =>
    em.create(Product, { currency: 'USD', capacity: null, sessionAt: null, active: true, createdAt: now, updatedAt: now, ...p });
  const kit = product({ sku: 'KIT-CERAMICA', name: 'Kit de cerámica', category: 'Kits', priceMinor: 2500, kind: ProductKind.PHYSICAL, lowStockThreshold: 5 });
  const headphones = product({ sku: 'AUD-BT-01', name: 'Audífonos inalámbricos', category: 'Electrónica', priceMinor: 3999, kind: ProductKind.PHYSICAL, lowStockThreshold: 3 });
  const sessionAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 6, 14, 0));
  const workshop = product({ sku: 'TALLER-CERAMICA-01', name: 'Taller de cerámica (sábado)', category: 'Talleres', priceMinor: 4500, kind: ProductKind.SERVICE, lowStockThreshold: 2, capacity: 12, sessionAt });
  const stock: [Product, Location, number][] = [[kit, warehouse, 30], [kit, store, 8], [headphones, warehouse, 4], [workshop, venue, 12]];
  for (const [p, l, quantity] of stock) {
    em.persist(em.create(Stock, { product: p, location: l, quantity, updatedAt: now }));
    em.persist(em.create(StockMovement, { product: p, location: l, type: MovementType.ENTRY, quantity, reason: 'Inventario inicial', actor: master, createdAt: now }));
  }
}
