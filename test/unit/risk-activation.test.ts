import { ConfigError, loadConfig } from '../../src/config';
import { activationRefusal, baseRateScores } from '../../src/domain/risk-model';

describe('risk model activation rule', () => {
  const evidence = { logLoss: 0.4, brier: 0.12, baseRateLogLoss: 0.6, baseRateBrier: 0.2, positives: 80, minPositives: 50 };

  it('activates a model that beats the base rate on both scores with enough positives', () => {
    expect(activationRefusal(evidence)).toBeNull();
  });

  it('refuses too few positives before anything else', () => {
    expect(activationRefusal({ ...evidence, positives: 49 })).toBe('Too few returned lines in the holdout to judge the model: 49, need at least 50 (RISK_MIN_POSITIVES)');
  });

  it('refuses a model worse (or no better) on either score', () => {
    expect(activationRefusal({ ...evidence, logLoss: 0.6 })).toMatch(/log-loss 0\.60000 is not below the base rate's 0\.60000$/);
    expect(activationRefusal({ ...evidence, brier: 0.25 })).toMatch(/^Does not beat predicting the base rate on the holdout: Brier score 0\.25000/);
    expect(activationRefusal({ ...evidence, logLoss: 0.7, brier: 0.3 })).toMatch(/log-loss .*; Brier score/);
  });

  it('scores the base rate as a constant prediction', () => {
    const s = baseRateScores([1, 0, 0, 0]);
    expect(s.baseRate).toBe(0.25);
    expect(s.brier).toBeCloseTo(0.1875, 12);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.25) + 3 * Math.log(0.75)) / 4, 12);
  });
});

describe('RISK_MIN_POSITIVES', () => {
  it('defaults to 50 and accepts a whole number from 1', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).riskMinPositives).toBe(50);
    expect(loadConfig({ NODE_ENV: 'test', RISK_MIN_POSITIVES: '1' }).riskMinPositives).toBe(1);
  });

  it('refuses anything else with a clear message', () => {
    for (const value of ['0', '-5', '2.5', 'many']) {
      expect(() => loadConfig({ NODE_ENV: 'test', RISK_MIN_POSITIVES: value })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', RISK_MIN_POSITIVES: value })).toThrow('RISK_MIN_POSITIVES must be an integer between 1 and 1000000');
    }
  });
});
