// The bench files' shared set-up: the product stack and both arms started before the
// file's tests and closed after them. Read them through the getters inside a test.
import { startBareArm } from '../arms/bare';
import type { BareArm } from '../arms/bare';
import { productArm } from '../arms/product';
import type { ProductArm } from '../arms/product';
import { startProductStack } from './product-stack';
import type { ProductStack } from './product-stack';

export interface BenchArms {
  stack(): ProductStack;
  bare(): BareArm;
  product(): ProductArm;
}

export function useBenchArms(): BenchArms {
  let stack: ProductStack | undefined;
  let bare: BareArm | undefined;
  let product: ProductArm | undefined;
  beforeAll(async () => {
    stack = await startProductStack();
    bare = await startBareArm(stack.temporalAddress);
    product = productArm(stack);
  }, 600_000);
  afterAll(async () => {
    await bare?.close();
    await stack?.close();
  }, 120_000);
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the bench stack has not started');
    return value;
  };
  return { stack: () => started(stack), bare: () => started(bare), product: () => started(product) };
}
