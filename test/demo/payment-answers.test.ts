// The merchant client reads money answers only through zod: a decimal-string amount
// passes, anything else (a JSON number, a third decimal) is a clear error, and a
// refusal comes back as the API's error code.
import {
  bodyOf,
  captureAnswerSchema,
  checkoutPaymentSchema,
  parseAnswer,
} from '../../src/demo/payment-answers';

describe('payment answers', () => {
  it('reads a capture answer with a decimal-string amount', () => {
    const result = parseAnswer(
      'POST captures',
      201,
      { capture: { id: 'cap_1', amount: '30.00', status: 'succeeded' } },
      captureAnswerSchema,
    );
    expect(bodyOf('POST captures', result).capture).toEqual({
      id: 'cap_1',
      amount: '30.00',
      status: 'succeeded',
    });
  });

  it.each([
    ['a JSON number', 30],
    ['three decimals', '30.001'],
    ['a negative amount', '-1.00'],
  ])('refuses an amount given as %s, naming the field', (_what, amount) => {
    expect(() =>
      parseAnswer(
        'POST captures',
        201,
        { capture: { id: 'cap_1', amount, status: 'succeeded' } },
        captureAnswerSchema,
      ),
    ).toThrow(/POST captures answered 201 with an unexpected body: capture\.amount/);
  });

  it('returns the API error of a refusal, and bodyOf turns it into a clear exception', () => {
    const refused = parseAnswer(
      'POST captures',
      409,
      { error: { code: 'payment_conflict', message: 'nothing left to capture' } },
      captureAnswerSchema,
    );
    expect(refused).toEqual({
      ok: false,
      status: 409,
      error: { code: 'payment_conflict', message: 'nothing left to capture' },
    });
    expect(() => bodyOf('POST captures', refused)).toThrow(
      'POST captures answered 409 payment_conflict: nothing left to capture',
    );
    expect(() => parseAnswer('POST captures', 502, 'Bad Gateway', captureAnswerSchema)).toThrow(
      "POST captures answered 502 without the API's JSON error",
    );
  });

  it('reads a checkout without a payment as none, and a payment with either form of voided', () => {
    expect(
      bodyOf('GET', parseAnswer('GET', 200, { status: 'awaitingCustomer' }, checkoutPaymentSchema)).payment,
    ).toBeUndefined();
    const payment = {
      authorized: '49.95',
      captured: '49.95',
      refunded: '10.00',
      authorizationExpiresAt: '2027-01-01T10:00:00.000Z',
      captures: [{ id: 'c1', amount: '49.95', status: 'succeeded' }],
      refunds: [{ id: 'r1', amount: '10.00', status: 'succeeded' }],
    };
    for (const voided of [false, '0.00']) {
      const read = bodyOf(
        'GET',
        parseAnswer('GET', 200, { payment: { ...payment, voided } }, checkoutPaymentSchema),
      );
      expect(read.payment).toMatchObject({ captured: '49.95', refunded: '10.00', voided });
    }
  });
});
