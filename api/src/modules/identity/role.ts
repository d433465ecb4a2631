import { registerEnumType } from 'type-graphql';

/** The roles of DESIGN.md "Who uses it"; a user holds one or more. */
export enum Role {
  Customer = 'CUSTOMER',
  ChinaAgent = 'CHINA_AGENT',
  VenezuelaAgent = 'VENEZUELA_AGENT',
  PaymentValidator = 'PAYMENT_VALIDATOR',
  Sales = 'SALES',
  Support = 'SUPPORT',
  Supervisor = 'SUPERVISOR',
  Master = 'MASTER',
}
registerEnumType(Role, { name: 'Role', description: 'What a user does in the business (DESIGN.md roles).' });

/** Whether a user is a customer (portal) or a member of staff (back-office). */
export enum UserKind {
  Customer = 'CUSTOMER',
  Staff = 'STAFF',
}
registerEnumType(UserKind, { name: 'UserKind' });
