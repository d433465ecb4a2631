/**
 * Whether something waiting for staff since `waitingSince` should raise an alert to the Master at `now`
 * (seed 003 step 13: waits *longer* than the configured hours, so exactly the threshold is not yet overdue).
 */
export function isOverdue(r: { waitingSince: Date; now: Date; thresholdHours: number }): boolean {
  return r.now.getTime() - r.waitingSince.getTime() > r.thresholdHours * 3_600_000;
}
