import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 at 1,000,000 orders: the quiet-boxes list pages in the order of a partial index over a summary kept
 * on the box (the last tracking event of its orders still travelling, and since when it is quiet) instead of
 * aggregating every travelling order's tracking events on each request. The summary of the boxes already
 * travelling is filled here, as `refreshBoxTransit` computes it (states: IN_BOX_ORDER_STATES).
 */
export class Migration20261122121349 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "box" add column "last_event_at" timestamptz null, add column "quiet_since" timestamptz null;`);
    this.addSql(`UPDATE box b
       SET last_event_at = t.last_event_at,
           quiet_since = CASE WHEN t.travelling THEN date_trunc('milliseconds', greatest(b.created_at, t.last_event_at)) END
      FROM (SELECT x.id, count(o.id) > 0 AS travelling, max(e.occurred_at) AS last_event_at
              FROM (SELECT DISTINCT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id
                     WHERE p.box_id IS NOT NULL
                       AND o.state IN ('AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP')) AS x(id)
              LEFT JOIN LATERAL (SELECT DISTINCT order_id FROM shipment_package WHERE box_id = x.id) p ON TRUE
              LEFT JOIN purchase_order o ON o.id = p.order_id
                AND o.state IN ('AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP')
              LEFT JOIN LATERAL (SELECT max(occurred_at) AS occurred_at FROM tracking_event WHERE order_id = o.id) e ON TRUE
             GROUP BY x.id) t
     WHERE b.id = t.id;`);
    this.addSql(`create index "box_quiet_since_index" on "box" ("quiet_since", "id") where "quiet_since" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "box_quiet_since_index";`);
    this.addSql(`alter table "box" drop column "last_event_at", drop column "quiet_since";`);
  }

}
