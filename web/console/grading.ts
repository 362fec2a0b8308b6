import type { ConditionGrade, CosmeticGrade, FunctionalGrade } from '../gql/graphql';

// The dock grades a unit on two axes an operator can judge at a glance, stored as they are (cosmeticGrade,
// functionalGrade); Boomerang's disposition rules take one condition grade. The worse axis decides the proposed grade,
// which the operator may still change before saving.

/** How the unit looks. */
export const COSMETIC = [
  { value: 'SEALED', label: 'Sealed, unopened', grade: 'NEW_SEALED' },
  { value: 'AS_NEW', label: 'Opened, no marks', grade: 'LIKE_NEW' },
  { value: 'LIGHT_WEAR', label: 'Light wear', grade: 'GOOD' },
  { value: 'VISIBLE_WEAR', label: 'Visible wear or marks', grade: 'FAIR' },
  { value: 'DAMAGED', label: 'Damaged', grade: 'DAMAGED' },
  { value: 'DESTROYED', label: 'Destroyed', grade: 'UNSALVAGEABLE' },
] as const satisfies ReadonlyArray<{ value: CosmeticGrade; label: string; grade: ConditionGrade }>;

/** Whether the unit works (or, for goods without a function, is complete and usable). */
export const FUNCTIONAL = [
  { value: 'WORKS', label: 'Works / complete', grade: 'NEW_SEALED' },
  { value: 'MINOR_FAULT', label: 'Minor fault or part missing', grade: 'FAIR' },
  { value: 'NOT_WORKING', label: 'Does not work', grade: 'DAMAGED' },
  { value: 'BEYOND_REPAIR', label: 'Beyond repair', grade: 'UNSALVAGEABLE' },
] as const satisfies ReadonlyArray<{ value: FunctionalGrade; label: string; grade: ConditionGrade }>;

export type Cosmetic = (typeof COSMETIC)[number]['value'];
export type Functional = (typeof FUNCTIONAL)[number]['value'];

/** Condition grades, best first, with the words the console shows for them. */
export const GRADES: ReadonlyArray<{ value: ConditionGrade; label: string }> = [
  { value: 'NEW_SEALED', label: 'New, sealed' },
  { value: 'LIKE_NEW', label: 'Like new' },
  { value: 'GOOD', label: 'Good' },
  { value: 'FAIR', label: 'Fair' },
  { value: 'DAMAGED', label: 'Damaged' },
  { value: 'UNSALVAGEABLE', label: 'Unsalvageable' },
];

const rank = (grade: ConditionGrade) => GRADES.findIndex((g) => g.value === grade);

/** The condition grade a cosmetic and a functional assessment propose: the worse of the two. */
export function proposedGrade(cosmetic: Cosmetic, functional: Functional): ConditionGrade {
  const a = COSMETIC.find((c) => c.value === cosmetic)!.grade;
  const b = FUNCTIONAL.find((f) => f.value === functional)!.grade;
  return rank(a) >= rank(b) ? a : b;
}

/** The cosmetic and functional assessments stored with an item, in words ('' when neither was recorded). */
export function assessmentLabel(cosmetic: string | null | undefined, functional: string | null | undefined): string {
  const parts = [
    cosmetic ? `Cosmetic: ${COSMETIC.find((c) => c.value === cosmetic)?.label ?? cosmetic}` : '',
    functional ? `Functional: ${FUNCTIONAL.find((f) => f.value === functional)?.label ?? functional}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Disposition names as the console shows them. */
export const DISPOSITIONS = [
  { value: 'RESTOCK', label: 'Restock' },
  { value: 'RESELL_OPEN_BOX', label: 'Resell as open box' },
  { value: 'REFURBISH', label: 'Refurbish' },
  { value: 'RETURN_TO_VENDOR', label: 'Return to vendor' },
  { value: 'LIQUIDATE', label: 'Liquidate' },
  { value: 'DONATE', label: 'Donate' },
  { value: 'RECYCLE', label: 'Recycle' },
  { value: 'DISPOSE', label: 'Dispose' },
] as const;

/** A disposition's label, or the raw value for one the console does not know yet. */
export const dispositionLabel = (value: string) => DISPOSITIONS.find((d) => d.value === value)?.label ?? value;

/** A condition grade's label. */
export const gradeLabel = (value: string) => GRADES.find((g) => g.value === value)?.label ?? value;
