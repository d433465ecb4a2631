import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Permission } from '../identity/permission';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { Upload } from '../uploads/upload.entity';
import { NationalDelivery, PurchaseRequestOrder, PurchaseType, ShippingMethod, StaffQueue } from './quote.enums';
import { PurchaseRequestState } from './purchase-request.states';
import { QuoteOption } from './quote-option.entity';

registerEnumType(PurchaseRequestState, { name: 'PurchaseRequestState', description: 'Where a quote request is in seed 003\'s flow.' });
registerEnumType(PurchaseType, { name: 'PurchaseType', description: 'RETAIL goes to the China queue, WHOLESALE straight to Venezuela.' });
registerEnumType(ShippingMethod, { name: 'ShippingMethod', description: 'International shipping method.' });
registerEnumType(NationalDelivery, { name: 'NationalDelivery', description: 'Delivery inside Venezuela.' });
registerEnumType(StaffQueue, { name: 'StaffQueue', description: 'Which staff team the request waits on.' });
registerEnumType(PurchaseRequestOrder, { name: 'PurchaseRequestOrder', description: 'By creation time: newest first, or oldest first (staff queues).' });

/**
 * A customer's quote request (seed 003 "Solicitud de Pedidos"): a product URL or photos + description, and
 * what to quote. Sourcing facts are filled by the China agent (retail) or the Venezuela agent (wholesale).
 */
@ObjectType({ description: 'A quote request: what the customer wants bought, and its progress to a quote.' })
@Entity()
@Index({ properties: ['customer', 'createdAt'] })
@Index({ properties: ['queue', 'state', 'createdAt'] })
@Index({ properties: ['createdAt', 'id'] })
// Searched by number and description (ILIKE '%…%': trigrams).
@Index({ name: 'purchase_request_number_trgm_index', expression: 'create index "purchase_request_number_trgm_index" on "purchase_request" using gin ("number" gin_trgm_ops)' })
@Index({ name: 'purchase_request_description_trgm_index', expression: 'create index "purchase_request_description_trgm_index" on "purchase_request" using gin ("description" gin_trgm_ops)' })
export class PurchaseRequest {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Readable reference, e.g. `SC-2026-000123`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  productUrl: string | null = null;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @ManyToMany(() => Upload)
  photos = new Collection<Upload>(this);

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'Technical specifications: size, colour, model...' })
  @Property({ type: 'text', nullable: true })
  specifications: string | null = null;

  @Field(() => PurchaseType)
  @Enum({ items: () => PurchaseType, nativeEnumName: 'purchase_type' })
  purchaseType!: PurchaseType;

  @Field(() => [ShippingMethod], { description: 'Methods to quote, one option each (several to compare).' })
  @Enum({ items: () => ShippingMethod, array: true })
  shippingMethods: ShippingMethod[] = [];

  @Field(() => NationalDelivery)
  @Enum({ items: () => NationalDelivery, nativeEnumName: 'national_delivery' })
  nationalDelivery!: NationalDelivery;

  @Field(() => PurchaseRequestState)
  @Enum({ items: () => PurchaseRequestState, nativeEnumName: 'purchase_request_state' })
  state: PurchaseRequestState = PurchaseRequestState.SUBMITTED;

  @Field(() => StaffQueue, { nullable: true, description: 'The team the request waits on; null when it waits on the customer or is closed.' })
  @Enum({ items: () => StaffQueue, nullable: true, nativeEnumName: 'staff_queue' })
  queue: StaffQueue | null = null;

  /** Since when it is in its current state: staff-wait alerts count from here. */
  @Field()
  @Property({ type: 'datetime' })
  stateChangedAt: Date = new Date();

  @Field(() => Int, { description: 'Modification requests used (seed 003 §4: at most 2).' })
  @Property({ type: 'integer' })
  modificationsUsed: number = 0;

  @Field(() => Int, { description: 'Quote round: 1 for the first quote, +1 after each modification.' })
  @Property({ type: 'integer' })
  round: number = 0;

  // Sourcing facts (China agent for retail, Venezuela agent for wholesale). Money in USD minor units. Supplier
  // facts stay with staff (they reveal the margin); sizes and weight explain the chargeable weight to the customer.
  @Authorized(Permission.ReadAnyQuote)
  @Field(() => Int, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Supplier unit price, USD minor units.' })
  @Property({ type: 'integer', nullable: true })
  supplierUnitPriceMinor: number | null = null;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => Int, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Shipping from the supplier to the China warehouse, USD minor units.' })
  @Property({ type: 'integer', nullable: true })
  chinaShippingMinor: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Shipment length, cm.' })
  @Property({ type: 'integer', nullable: true })
  lengthCm: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Shipment width, cm.' })
  @Property({ type: 'integer', nullable: true })
  widthCm: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Shipment height, cm.' })
  @Property({ type: 'integer', nullable: true })
  heightCm: number | null = null;

  @Field(() => String, { nullable: true, description: 'Shipment actual weight, kg (decimal string).' })
  @Property({ type: 'decimal', precision: 10, scale: 3, nullable: true })
  weightKg: string | null = null;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => Int, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Supplier dispatch time, days.' })
  @Property({ type: 'integer', nullable: true })
  supplierDispatchDays: number | null = null;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => String, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Internal notes of the sourcing agent.' })
  @Property({ type: 'text', nullable: true })
  sourcingNotes: string | null = null;

  /** Where the sourcing agent found the goods (the purchase is made there). */
  @Authorized(Permission.ReadAnyQuote)
  @Field(() => String, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). The supplier\'s page for the goods (http or https).' })
  @Property({ type: 'text', nullable: true })
  supplierUrl: string | null = null;

  @ManyToOne(() => User, { nullable: true })
  sourcedBy: User | null = null;

  @ManyToOne(() => User, { nullable: true })
  quotedBy: User | null = null;

  @Field(() => Date, { nullable: true, description: 'When the current quote was sent (UTC).' })
  @Property({ type: 'datetime', nullable: true })
  quotedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'The customer must answer the current quote by this time (UTC).' })
  @Property({ type: 'datetime', nullable: true })
  responseDeadline: Date | null = null;

  /** Business parameters version the current quote was priced with. */
  @Property({ type: 'integer', nullable: true })
  parametersVersion: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why the customer asked for a change, or why it was rejected.' })
  @Property({ type: 'text', nullable: true })
  lastCustomerNote: string | null = null;

  @OneToMany(() => QuoteOption, (o) => o.request)
  options = new Collection<QuoteOption>(this);

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
