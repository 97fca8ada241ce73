import { vwmParams, type VwmParams } from '../core/vwm-params.js';
import type { Config } from './config.js';

/** VWM parameters from config (the seed's names; the direction cap is a risk setting). */
export function vwmParamsFromConfig(config: Config): VwmParams {
  const v = config.vwm;
  return vwmParams({
    momentumThreshold: v.momentumThreshold,
    exitThreshold: v.exitThreshold,
    volumeMultiplier: v.volumeMultiplier,
    lookbackPeriod: v.lookbackPeriod,
    basePositionPct: v.basePositionPct,
    maxPositionPct: v.maxPositionPct,
    timeframe: v.timeframe,
    atrPeriod: v.atrPeriod,
    stopLossAtrMultiplier: v.stopLossAtr,
    takeProfitAtrMultiplier: v.takeProfitAtr,
    trailingActivationAtr: v.trailingActivationAtr,
    trailingDistanceAtr: v.trailingDistanceAtr,
    partialTakeProfitAtr: v.partialTakeProfitAtr,
    strengthScale: v.strengthScale,
    directionCapPct: config.risk.maxDirectionExposurePct,
  });
}
