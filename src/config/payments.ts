// How the worker captures Affirm authorizations: `AFFIRM_CAPTURE=manual` (the default)
// waits for the merchant's capture or shipment call; `onComplete` captures everything as
// soon as the checkout completes, for merchants who ship at once.
import { z } from 'zod';
import { CAPTURE_MODES } from '../../workflows/payment/contract';
import type { CaptureMode } from '../../workflows/payment/contract';
import { unlessBlank } from './env-values';

const captureModeSchema = unlessBlank(z.enum(CAPTURE_MODES).default('manual'));

export function affirmCaptureModeFromEnv(env: NodeJS.ProcessEnv): CaptureMode {
  const parsed = captureModeSchema.safeParse(env.AFFIRM_CAPTURE);
  if (!parsed.success) throw new Error(`AFFIRM_CAPTURE must be one of ${CAPTURE_MODES.join(', ')}`);
  return parsed.data;
}
