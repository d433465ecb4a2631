import { registerEnumType } from 'type-graphql';

/** The roles of DESIGN.md "Who uses it"; a user holds one or more. */
export enum Role {
  CUSTOMER = 'CUSTOMER',
  CHINA_AGENT = 'CHINA_AGENT',
  VENEZUELA_AGENT = 'VENEZUELA_AGENT',
  PAYMENT_VALIDATOR = 'PAYMENT_VALIDATOR',
  SALES = 'SALES',
  SUPPORT = 'SUPPORT',
  SUPERVISOR = 'SUPERVISOR',
  MASTER = 'MASTER',
}
registerEnumType(Role, { name: 'Role', description: 'What a user does in the business (DESIGN.md roles).' });

/** Whether a user is a customer (portal) or a member of staff (back-office). */
export enum UserKind {
  CUSTOMER = 'CUSTOMER',
  STAFF = 'STAFF',
}
registerEnumType(UserKind, { name: 'UserKind' });
