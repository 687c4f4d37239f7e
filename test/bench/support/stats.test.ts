import { median, percentile } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of an even count as the mean of the middle two (two rounds per arm)', () => {
    expect(median([4, 2])).toBe(3);
    expect(median([10, 1, 3, 2])).toBe(2.5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });
});
