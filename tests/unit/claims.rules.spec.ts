import {
  checkMayWork, type ClaimFacts, decideAssign, decideClaim, decideRelease, isClaimLive, WorkSubjectType, workStage,
} from '../../api/src/modules/claims/claims.rules';

const idleMs = 30 * 60_000;
const at = (time: string) => new Date(`2026-03-10T${time}Z`);
/** Li Wei claimed the request in the China queue at 12:00 and last touched it at 12:10. */
const liWei: ClaimFacts = { holderId: 'li', claimedAt: at('12:00:00'), lastActiveAt: at('12:10:00'), stage: 'CHINA' };

describe('isClaimLive', () => {
  it.each([
    ['12:39:59.999', 'CHINA', true],
    ['12:40:00.000', 'CHINA', false], // exactly the idle time after the last activity: lapsed
    ['12:20:00.000', 'VENEZUELA', false], // the request moved on to another queue
    ['12:20:00.000', null, false], // nobody on staff has work on it any more
  ])('a claim last active at 12:10 with 30 idle minutes, at %s in stage %s, is live: %s', (now, stage, expected) => {
    expect(isClaimLive(liWei, stage, { now: at(now), idleMs })).toBe(expected);
  });
});

describe('decideClaim', () => {
  const clock = { now: at('12:20:00'), idleMs };
  it.each<[string, Parameters<typeof decideClaim>[0], ReturnType<typeof decideClaim>]>([
    ['a free request is taken', { existing: null, claimerId: 'chen', mayWork: true, stage: 'CHINA', clock }, { outcome: 'TAKE' }],
    ['the holder claiming again refreshes', { existing: liWei, claimerId: 'li', mayWork: true, stage: 'CHINA', clock }, { outcome: 'REFRESH' }],
    ['another agent is refused while it is held', { existing: liWei, claimerId: 'chen', mayWork: true, stage: 'CHINA', clock }, { refusal: 'ALREADY_CLAIMED' }],
    ['another agent takes it once it lapsed', { existing: liWei, claimerId: 'chen', mayWork: true, stage: 'CHINA', clock: { now: at('12:41:00'), idleMs } }, { outcome: 'TAKE' }],
    ['the holder taking it again after it lapsed starts anew', { existing: liWei, claimerId: 'li', mayWork: true, stage: 'CHINA', clock: { now: at('12:41:00'), idleMs } }, { outcome: 'TAKE' }],
    ['another team takes it once it moved to their queue', { existing: liWei, claimerId: 'carlos', mayWork: true, stage: 'VENEZUELA', clock }, { outcome: 'TAKE' }],
    ['someone who may not do the work is refused', { existing: null, claimerId: 'ana', mayWork: false, stage: 'CHINA', clock }, { refusal: 'FORBIDDEN' }],
    ['an item waiting on nobody on staff cannot be claimed', { existing: null, claimerId: 'chen', mayWork: true, stage: null, clock }, { refusal: 'INVALID_STATE' }],
  ])('%s', (_name, input, expected) => {
    expect(decideClaim(input)).toEqual(expected);
  });
});

describe('decideAssign: who may override', () => {
  const clock = { now: at('12:20:00'), idleMs };
  it.each<[string, Parameters<typeof decideAssign>[0], ReturnType<typeof decideAssign>]>([
    ['a supervisor takes a held request over for another agent', { existing: liWei, assigneeId: 'chen', mayAssign: true, assigneeMayWork: true, stage: 'CHINA', clock }, { outcome: 'TAKE' }],
    ['assigning it to its holder only refreshes', { existing: liWei, assigneeId: 'li', mayAssign: true, assigneeMayWork: true, stage: 'CHINA', clock }, { outcome: 'REFRESH' }],
    ['an agent may not assign', { existing: liWei, assigneeId: 'chen', mayAssign: false, assigneeMayWork: true, stage: 'CHINA', clock }, { refusal: 'FORBIDDEN' }],
    ['the assignee must be able to do the work', { existing: null, assigneeId: 'marta', mayAssign: true, assigneeMayWork: false, stage: 'CHINA', clock }, { refusal: 'BAD_USER_INPUT' }],
    ['nothing to assign on an item waiting on nobody on staff', { existing: null, assigneeId: 'chen', mayAssign: true, assigneeMayWork: true, stage: null, clock }, { refusal: 'INVALID_STATE' }],
  ])('%s', (_name, input, expected) => {
    expect(decideAssign(input)).toEqual(expected);
  });
});

describe('decideRelease and checkMayWork', () => {
  const clock = { now: at('12:20:00'), idleMs };
  it.each([
    ['li', true, false, { outcome: 'RELEASE' }],
    ['chen', true, false, { refusal: 'ALREADY_CLAIMED' }],
    ['marta', false, true, { outcome: 'RELEASE' }],
    ['rosa', false, false, { refusal: 'FORBIDDEN' }],
  ])('releasing a live claim of Li Wei as %s (may work: %s, may assign: %s)', (actorId, mayWork, mayAssign, expected) => {
    expect(decideRelease({ existing: liWei, actorId, mayWork, mayAssign, stage: 'CHINA', clock })).toEqual(expected);
  });
  it('the holder may let go even without the work permission any more', () => {
    expect(decideRelease({ existing: liWei, actorId: 'li', mayWork: false, mayAssign: false, stage: 'CHINA', clock })).toEqual({ outcome: 'RELEASE' });
  });
  it('releasing a lapsed claim releases nothing', () => {
    expect(decideRelease({ existing: liWei, actorId: 'chen', mayWork: true, mayAssign: false, stage: 'CHINA', clock: { now: at('13:00:00'), idleMs } })).toEqual({ outcome: 'NONE' });
  });
  it('someone who may neither do nor assign the work is refused even when nobody holds it (they learn nothing about holders)', () => {
    expect(decideRelease({ existing: null, actorId: 'rosa', mayWork: false, mayAssign: false, stage: 'CHINA', clock })).toEqual({ refusal: 'FORBIDDEN' });
  });
  it.each([
    ['li', 'CHINA', '12:20:00', undefined],
    ['chen', 'CHINA', '12:20:00', 'ALREADY_CLAIMED'],
    ['chen', 'CHINA', '12:41:00', undefined],
    ['chen', 'VENEZUELA', '12:20:00', undefined],
  ])('%s changing the request in stage %s at %s is refused with %s', (actorId, stage, now, expected) => {
    expect(checkMayWork({ existing: liWei, actorId, stage, clock: { now: at(now), idleMs } })).toBe(expected);
  });
});

describe('workStage', () => {
  it.each([
    [WorkSubjectType.PURCHASE_REQUEST, { state: 'SOURCING', queue: 'CHINA' }, 'CHINA'],
    [WorkSubjectType.PURCHASE_REQUEST, { state: 'QUOTED', queue: null }, null],
    [WorkSubjectType.PAYMENT, { state: 'SUBMITTED' }, 'VALIDATION'],
    [WorkSubjectType.PAYMENT, { state: 'VALIDATED' }, null],
    [WorkSubjectType.ORDER, { state: 'PENDING_PAYMENT' }, null],
    [WorkSubjectType.ORDER, { state: 'IN_CUSTOMS' }, 'IN_CUSTOMS'],
    [WorkSubjectType.ORDER, { state: 'DELIVERED' }, null],
  ])('a %s in %j waits on staff stage %s', (type, subject, expected) => {
    expect(workStage(type, subject)).toBe(expected);
  });
});
