import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DispositionType } from '../../domain/disposition-types';
import type { Material, TreatmentRoute } from '../../domain/recycling-lot-status';
import { FACTOR_TABLES } from '../../domain/sustainability-factors';
import { REPORT_ROUTES, type ReportRoute, type WasteOutcome } from '../../domain/sustainability-report';
import { UserError, UserErrorsField } from './common.types';
import { DispositionTypeEnum, enumOf, ReturnMethodTypeEnum } from './enums';
import { MaterialEnum, TreatmentRouteEnum } from './recycling.types';

export const WasteRouteEnum = enumOf(REPORT_ROUTES);
export const WasteOutcomeEnum = enumOf(['DIVERTED', 'DIRECTED_TO_DISPOSAL', 'PENDING_REPORT'] as const);
export const Co2eBasisEnum = enumOf(['PER_UNIT', 'PER_KG'] as const);
export const FactorTableEnum = enumOf(FACTOR_TABLES);
registerEnumType(WasteRouteEnum, {
  name: 'WasteRoute',
  description: 'GRI 306-4 (diverted: PREPARATION_FOR_REUSE, RECYCLING, OTHER_RECOVERY) and 306-5 (disposal: incineration with or '
    + 'without energy recovery, LANDFILL, OTHER_DISPOSAL) routes; PENDING_RECYCLER_REPORT is declared weight a recycler has not reported yet.',
  valuesConfig: {
    PREPARATION_FOR_REUSE: { description: 'Prepared for reuse (restocked, resold, refurbished, donated); diverted.' },
    RECYCLING: { description: 'Recycled; diverted.' },
    OTHER_RECOVERY: { description: 'Other recovery operations; diverted.' },
    INCINERATION_WITH_ENERGY_RECOVERY: { description: 'Incinerated with energy recovery; directed to disposal.' },
    INCINERATION_WITHOUT_ENERGY_RECOVERY: { description: 'Incinerated without energy recovery; directed to disposal.' },
    LANDFILL: { description: 'Landfilled; directed to disposal.' },
    OTHER_DISPOSAL: { description: 'Other disposal operations; directed to disposal.' },
    PENDING_RECYCLER_REPORT: { description: 'Declared weight of lots the recycler has not reported (or had accepted) yet.' },
  },
});
registerEnumType(WasteOutcomeEnum, {
  name: 'WasteOutcome', description: 'Whether a route diverts weight from disposal (energy recovery does not).',
  valuesConfig: {
    DIVERTED: { description: 'Kept from disposal.' },
    DIRECTED_TO_DISPOSAL: { description: 'Sent to disposal.' },
    PENDING_REPORT: { description: 'Not known yet: the recycler has not reported.' },
  },
});
registerEnumType(Co2eBasisEnum, {
  name: 'Co2eBasis', description: 'PER_UNIT: a per-unit embodied figure for the category; PER_KG: kg CO2e per kg × weight.',
  valuesConfig: {
    PER_UNIT: { description: 'Embodied emissions per unit of the category.' },
    PER_KG: { description: 'Embodied emissions per kg × the unit\'s weight.' },
  },
});
registerEnumType(FactorTableEnum, {
  name: 'SustainabilityFactorTable',
  description: 'A table of sustainability factors (docs/sustainability.md).',
  valuesConfig: {
    dispositionRoutes: { description: 'The GRI 306 route each disposition puts weight on.' },
    treatmentRoutes: { description: 'The GRI 306 route each recycler treatment route counts as.' },
    displacementRate: { description: 'Per reuse disposition: share of reused units that replace a new purchase (fraction).' },
    embodiedKgCo2ePerUnit: { description: 'Per category: embodied kg CO2e of one new unit.' },
    embodiedKgCo2ePerKg: { description: 'Per category: embodied kg CO2e per kg of new product.' },
    refurbishmentKgCo2ePerUnit: { description: 'Per category: kg CO2e of refurbishing one unit.' },
    refurbFootprintFraction: { description: 'Refurbishment emissions as a fraction of embodied ones, where no per-category figure exists.' },
    extraLogisticsKgCo2ePerKg: { description: 'Per reuse disposition: kg CO2e per kg of the extra transport the route adds.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'Weight one disposition put on a route.' })
export class DispositionWeight {
  @Field(() => DispositionTypeEnum, { description: 'The disposition.' }) disposition!: DispositionType;
  @Field(() => Float, { description: 'Kilograms it put on the route.' }) kg!: number;
  @Field(() => Int, { nullable: true, description: 'Units; null for recycled fractions (a unit splits across routes).' }) units!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'A recycler-reported material fraction on a route.' })
export class RouteMaterialWeight {
  @Field(() => MaterialEnum, { description: 'The material fraction.' }) material!: Material;
  @Field(() => TreatmentRouteEnum, { description: 'The route as the recycler reported it.' }) treatmentRoute!: TreatmentRoute;
  @Field(() => Float, { description: 'Kilograms of it.' }) kg!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Weight on one route, by disposition and (for recycled units) material.' })
export class RouteWeight {
  @Field(() => WasteRouteEnum, { description: 'The waste route.' }) route!: ReportRoute;
  @Field(() => WasteOutcomeEnum, { description: 'Whether the route counts as diverted from disposal.' }) outcome!: WasteOutcome;
  @Field(() => Float, { description: 'Kilograms on the route.' }) kg!: number;
  @Field(() => [DispositionWeight], { description: 'The kilograms by disposition.' }) dispositions!: DispositionWeight[];
  @Field(() => [RouteMaterialWeight], { description: 'For recycled units: the kilograms by material as recyclers reported them.' }) materials!: RouteMaterialWeight[];
}

@ObjectType({ simpleResolvers: true, description: 'Return transport of one method: shipped returns and the CO2e on their bookings.' })
export class MethodTransportEmissions {
  @Field(() => ReturnMethodTypeEnum, { description: 'The return method.' }) method!: string;
  @Field(() => Int, { description: 'Returns shipped with it in the period.' }) returns!: number;
  @Field(() => Float, { description: 'Kilograms CO2e of their transport (GLEC / ISO 14083).' }) co2eKg!: number;
}

@ObjectType({ simpleResolvers: true, description: 'CO2e avoided by one category\'s units on one reuse route.' })
export class CategoryCo2eAvoided {
  @Field({ description: 'The product category.' }) category!: string;
  @Field(() => DispositionTypeEnum, { description: 'The reuse route (RESTOCK, RESELL_OPEN_BOX, REFURBISH, DONATE, …).' }) disposition!: DispositionType;
  @Field(() => Int, { description: 'Units claimed (with a weight; refurbished ones once the job is COMPLETED).' }) units!: number;
  @Field(() => Co2eBasisEnum, { description: 'Whether embodied emissions are per unit or per kg.' }) basis!: string;
  @Field(() => Float, { description: 'Share of reused units that replace buying a new one (0-1).' }) displacementRate!: number;
  @Field(() => Float, { description: 'Embodied emissions of as many new units.' }) embodiedKgCo2e!: number;
  @Field(() => Float, { description: 'Emissions of refurbishing the units.' }) refurbishmentKgCo2e!: number;
  @Field(() => Float, { description: 'Extra transport of the reuse route.' }) logisticsKgCo2e!: number;
  @Field(() => Float, { description: 'displacementRate × (embodied − refurbishment − logistics).' }) co2eAvoidedKg!: number;
  @Field(() => Float, { description: 'displacementRate × embodied − refurbishment − logistics (refurbishing and transport counted whole).' })
  co2eAvoidedConservativeKg!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Sustainability of the returns requested in [from, to) (see docs/sustainability.md).' })
export class SustainabilityReport {
  @Field(() => GraphQLDateTime, { description: 'Start of the period (inclusive).' }) from!: Date;
  @Field(() => GraphQLDateTime, { description: 'End of the period (exclusive).' }) to!: Date;
  @Field(() => Int, { description: 'The sustainability factor set used (0: the built-in defaults).' }) factorVersion!: number;
  @Field(() => Float, { description: 'divertedKg + directedToDisposalKg + pendingReportKg.' }) totalKg!: number;
  @Field(() => Float, { description: 'Kilograms kept from disposal: prepared for reuse, recycled or otherwise recovered.' }) divertedKg!: number;
  @Field(() => Float, { description: 'Kilograms sent to disposal (incineration, with or without energy recovery, and landfill).' }) directedToDisposalKg!: number;
  @Field(() => Float, { description: 'Declared weight of recycled units whose lot is not reported (and accepted) yet.' }) pendingReportKg!: number;
  @Field(() => Float, { description: 'divertedKg / (divertedKg + directedToDisposalKg); energy recovery is not diverted; 0 when both are 0.' })
  landfillDiversionRate!: number;
  @Field(() => [RouteWeight], { description: 'Every route, in waste-hierarchy order.' }) kgByRoute!: RouteWeight[];
  @Field(() => Int, { description: 'Received units of the period.' }) units!: number;
  @Field(() => Int, { description: 'Units whose product has no weight: they weigh 0 here and claim no CO2e.' }) unitsWithoutWeight!: number;
  @Field(() => Int, { description: 'Received units without a disposition yet (not in any route).' }) unitsAwaitingDisposition!: number;
  @Field(() => Float, { description: 'Kilograms CO2e of the return transport of the period\'s returns.' }) transportCo2eKg!: number;
  @Field(() => [MethodTransportEmissions], { description: 'The transport emissions by return method.' }) transportByMethod!: MethodTransportEmissions[];
  @Field(() => Float, { description: 'CO2e avoided by reuse and refurbishment: Σ displacementRate × (embodied − refurbishment − logistics).' })
  co2eAvoidedKg!: number;
  @Field(() => Float, { description: 'The same with refurbishment and extra logistics subtracted whole, not scaled by displacement (a lower bound).' })
  co2eAvoidedConservativeKg!: number;
  @Field(() => [CategoryCo2eAvoided], { description: 'The CO2e avoided by category and reuse route.' }) co2eAvoidedByCategory!: CategoryCo2eAvoided[];
  @Field(() => Int, { description: 'Returns whose packaging was assessed at receipt.' }) packagingAssessedReturns!: number;
  @Field(() => Int, { description: 'Assessed returns whose packaging was fit for reuse.' }) packagingReusableReturns!: number;
  @Field(() => Float, { nullable: true, description: 'packagingReusableReturns / packagingAssessedReturns; null when none was assessed.' })
  packagingReuseRate!: number | null;
  // csv is a field resolver (SustainabilityResolver).
}

@ObjectType({ simpleResolvers: true, description: 'One factor row in force, with its source.' })
export class SustainabilityFactor {
  @Field(() => FactorTableEnum, { description: 'The factor table the row belongs to.' }) table!: string;
  @Field({ description: 'Disposition, treatment route, product category, or "value" for a single-number table.' }) key!: string;
  @Field(() => Float, { nullable: true, description: 'The factor\'s value (in unit); null for rows that only name a route.' }) value!: number | null;
  @Field(() => WasteRouteEnum, { nullable: true, description: 'For route tables.' }) route!: string | null;
  @Field({ description: 'Unit of value, e.g. "kg CO2e/kg".' }) unit!: string;
  @Field({ description: 'Where the figure comes from (publication, or who set the override).' }) source!: string;
  @Field({ description: 'True when the row comes from the stored override set.' }) overridden!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'The sustainability factors in force: built-in defaults with the newest override set laid over them.' })
export class SustainabilityFactorSet {
  @Field(() => Int, { description: '0 when no override was ever stored.' }) version!: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the override set was stored; null for the defaults.' }) createdAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who stored it, e.g. "admin:alice"; null for the defaults.' }) createdBy!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'The stored override rows, as accepted by setSustainabilityFactors.' }) overrides!: Record<string, unknown>;
  @Field(() => [SustainabilityFactor], { description: 'Every factor row in force.' }) factors!: SustainabilityFactor[];
}

@InputType({ description: 'A new set of sustainability factor overrides (admin).' })
export class SetSustainabilityFactorsInput {
  @Field(() => GraphQLJSONObject, {
    description: 'Override rows by table, e.g. { "displacementRate": { "RESELL_OPEN_BOX": { "value": 0.5, "source": "…" } } }; '
      + 'they replace the previous override set ({} restores the defaults).',
  })
  factors!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: 'Result of setSustainabilityFactors.' })
export class SetSustainabilityFactorsPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => SustainabilityFactorSet, { nullable: true, description: 'The factor set now in force; null when there are userErrors.' }) factorSet!: SustainabilityFactorSet | null;
}
