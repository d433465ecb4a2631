import { netPromoterScore, npsCategory } from '../../api/src/modules/surveys/survey.rules';

describe('npsCategory', () => {
  it.each([
    [10, 'PROMOTER'], [9, 'PROMOTER'],
    [8, 'PASSIVE'], [7, 'PASSIVE'],
    [6, 'DETRACTOR'], [0, 'DETRACTOR'],
  ])('a recommend score of %d is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });

  it.each([-1, 11, 7.5, Number.NaN])('refuses a recommend score of %d', (score) => {
    expect(() => npsCategory(score)).toThrow(RangeError);
  });
});

describe('netPromoterScore', () => {
  it.each([
    [[10, 10, 9], 100],
    [[0, 3, 6], -100],
    [[10, 9, 8, 7], 50],
    [[0, 10], 0],
    [[7, 8], 0],
    [[10, 8, 8, 8, 8, 8, 0, 0], -13], // (1 − 2) / 8 = −12.5 % rounds away from zero
    [[10, 10, 10, 8, 8, 8, 0, 0], 13], // (3 − 2) / 8 = 12.5 %
    [[10, 8, 8], 33], // 33.3 %
    [[10, 10, 8], 67], // 66.7 %
  ])('scores %j give an NPS of %d', (scores, expected) => {
    expect(netPromoterScore(scores)).toBe(expected);
  });

  it('has no score without answers', () => {
    expect(netPromoterScore([])).toBeNull();
  });
});
