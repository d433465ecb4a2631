import { isOverdue } from '../../api/src/modules/alerts/alert.rules';

describe('isOverdue', () => {
  const since = '2026-03-10T12:00:00.000Z';
  it.each([
    ['2026-03-10T15:59:59.999Z', 4, false],
    ['2026-03-10T16:00:00.000Z', 4, false], // exactly the threshold is not yet longer than it
    ['2026-03-10T16:00:00.001Z', 4, true],
    ['2026-03-11T12:00:00.000Z', 4, true],
    ['2026-03-10T12:30:00.001Z', 0.5, true],
    ['2026-03-10T12:00:00.000Z', 0, false],
  ])('something waiting since 12:00Z is overdue at %s with a %d-hour threshold: %s', (now, thresholdHours, expected) => {
    expect(isOverdue({ waitingSince: new Date(since), now: new Date(now), thresholdHours })).toBe(expected);
  });
});
