import { vwmParams, type VwmParams } from '../core/vwm-params.js';
import type { Config } from './config.js';

/** VWM parameters from config (the seed's names; the direction cap is a risk setting). */
export function vwmParamsFromConfig(config: Config): VwmParams {
  return vwmParams({ ...config.vwm, directionCapPct: config.risk.maxDirectionExposurePct });
}
