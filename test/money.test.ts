import {
  fromMinorUnits,
  InvalidAmountError,
  isDecimalAmount,
  sameAmount,
  toJsonNumber,
  toMinorUnits,
  toTwoDecimals,
} from '../src/money';

describe('toMinorUnits', () => {
  it.each([
    ['0', 0],
    ['0.1', 10],
    ['0.10', 10],
    ['0.01', 1],
    ['19.99', 1999],
    ['49.95', 4995],
    ['1344', 134400],
    ['1344.00', 134400],
    ['999999.99', 99999999],
  ])('%s → %d cents', (amount, cents) => {
    expect(toMinorUnits(amount)).toBe(cents);
  });

  it.each(['1.234', '-1', '1e3', '', '01.00', ' 1.00', '1.', '.5', '1,00', 'NaN', 'Infinity', '0x10'])(
    'rejects %j',
    (amount) => {
      expect(() => toMinorUnits(amount)).toThrow(InvalidAmountError);
      expect(isDecimalAmount(amount)).toBe(false);
    },
  );
});

describe('fromMinorUnits', () => {
  it.each([
    [0, '0.00'],
    [10, '0.10'],
    [1999, '19.99'],
    [134400, '1344.00'],
    [99999999, '999999.99'],
  ])('%d cents → %s', (cents, amount) => {
    expect(fromMinorUnits(cents)).toBe(amount);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %p', (cents) => {
    expect(() => fromMinorUnits(cents)).toThrow(InvalidAmountError);
  });
});

describe('toTwoDecimals', () => {
  it.each([
    ['1344', '1344.00'],
    ['0.1', '0.10'],
    ['12.5', '12.50'],
    ['19.99', '19.99'],
    ['999999.99', '999999.99'],
  ])('%s → %s', (amount, expected) => {
    expect(toTwoDecimals(amount)).toBe(expected);
  });

  it.each(['1.234', '-1', '1e3', '', '01.00'])('rejects %j', (amount) => {
    expect(() => toTwoDecimals(amount)).toThrow(InvalidAmountError);
  });
});

describe('toJsonNumber', () => {
  it.each([
    ['0.10', 0.1, '0.1'],
    ['19.99', 19.99, '19.99'],
    ['19.90', 19.9, '19.9'],
    ['1344', 1344, '1344'],
    ['999999.99', 999999.99, '999999.99'],
  ])('%s → %p, serialised as %s', (amount, number, json) => {
    expect(toJsonNumber(amount)).toBe(number);
    expect(JSON.stringify({ amount: toJsonNumber(amount) })).toBe(`{"amount":${json}}`);
  });

  it.each(['1.234', '-1', '1e3', '', '01.00'])('rejects %j', (amount) => {
    expect(() => toJsonNumber(amount)).toThrow(InvalidAmountError);
  });
});

describe('sameAmount', () => {
  it('compares trimmed and 2-decimal forms by value', () => {
    expect(sameAmount('1344', '1344.00')).toBe(true);
    expect(sameAmount('0.1', '0.10')).toBe(true);
    expect(sameAmount('19.99', '19.98')).toBe(false);
    expect(sameAmount('1e3', '1000')).toBe(false);
  });
});

describe('InvalidAmountError', () => {
  it('names the bad value so logs show what was refused', () => {
    expect(() => toMinorUnits('1.234')).toThrow('invalid amount "1.234"');
  });
});
