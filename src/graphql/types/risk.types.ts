import { IsOptional, Max, Min } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { AdminOperation } from './admin-operation.types';
import { UserError } from './common.types';

@ObjectType({ simpleResolvers: true, description: 'One input of the return-risk model and its weight.' })
export class ReturnRiskFeature {
  @Field({ description: 'Stable name of the feature, e.g. "category_return_rate".' })
  name!: string;

  @Field({ description: 'What the feature measures, in words.' })
  description!: string;

  @Field(() => Float, { description: 'Change in log-odds of a return per standard deviation of the feature (positive: riskier).' })
  coefficient!: number;

  @Field(() => Float, { description: 'Training mean of the raw feature (the standardisation centre).' })
  mean!: number;

  @Field(() => Float, { description: 'Training standard deviation of the raw feature.' })
  standardDeviation!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Holdout lines whose predicted probability fell in [lower, upper), and how many came back.' })
export class RiskCalibrationBin {
  @Field(() => Float, { description: 'Lower bound of the bin\'s predicted probability (inclusive).' })
  lower!: number;

  @Field(() => Float, { description: 'Upper bound (exclusive; 1 inclusive for the last bin).' })
  upper!: number;

  @Field(() => Int, { description: 'Holdout lines in the bin.' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Mean predicted probability; null when the bin is empty.' })
  meanPredicted!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of these lines returned; null when the bin is empty.' })
  observedRate!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'How the model did on the holdout (the most recent mature orders, never seen in training).' })
export class ReturnRiskMetrics {
  @Field(() => Float, { nullable: true, description: 'Area under the ROC curve (0.5 = chance); null if the holdout lacks a class.' })
  auc!: number | null;

  @Field(() => Float, { description: 'Mean negative log-likelihood (lower is better).' })
  logLoss!: number;

  @Field(() => Float, { description: 'Mean squared error of the probabilities (lower is better).' })
  brier!: number;

  @Field(() => Float, { description: 'Σ bin share × |observed − predicted| over the calibration bins.' })
  expectedCalibrationError!: number;

  @Field(() => Float, { description: 'Share of holdout lines returned.' })
  baseRate!: number;

  @Field(() => Float, { nullable: true, description: 'Log-loss of predicting baseRate for every holdout line: the model is active only below it (null for models trained before it was recorded).' })
  baseRateLogLoss!: number | null;

  @Field(() => Float, { nullable: true, description: 'Brier score of predicting baseRate for every holdout line: the model is active only below it (null for models trained before it was recorded).' })
  baseRateBrier!: number | null;

  @Field(() => Int, { nullable: true, description: 'Returned lines in the holdout; at least RISK_MIN_POSITIVES are needed to activate (null for models trained before it was recorded).' })
  holdoutPositives!: number | null;

  @Field(() => Float, { description: 'Share of training lines returned.' })
  trainBaseRate!: number;

  @Field(() => Float, { nullable: true, description: 'AUC on the training lines (far above the holdout AUC means overfitting).' })
  trainAuc!: number | null;

  @Field(() => [RiskCalibrationBin], { description: 'Ten equal-width bins of predicted probability.' })
  calibration!: RiskCalibrationBin[];
}

@ObjectType({ simpleResolvers: true, description: 'A trained return-risk model (staff).' })
export class ReturnRiskModel {
  @Field(() => Int, { description: 'Version number; each training adds one.' })
  version!: number;

  @Field({ description: 'The learning algorithm, e.g. "logistic-regression-l2-irls".' })
  algorithm!: string;

  @Field(() => Int, { description: 'Seed of the deterministic sampling and encoding folds.' })
  seed!: number;

  @Field(() => GraphQLDateTime, { description: 'When the training finished.' })
  trainedAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'Training used orders whose outcome was known by this instant; the holdout starts here.' })
  holdoutFrom!: Date;

  @Field(() => GraphQLDateTime, { description: 'The holdout ends here (exclusive): later orders were not mature.' })
  trainedUntil!: Date;

  @Field(() => GraphQLDateTime, { description: 'The latest order date among training lines.' })
  trainLastOrderAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'The earliest order date among holdout lines.' })
  holdoutFirstOrderAt!: Date;

  @Field(() => Int, { description: 'Order lines trained on.' })
  trainRows!: number;

  @Field(() => Int, { description: 'Order lines evaluated on.' })
  holdoutRows!: number;

  @Field({ description: 'Scores orders when it is the active model with the highest version.' })
  active!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why this version is not active, e.g. it does not beat predicting the base rate on holdout log-loss and Brier score, '
      + 'the holdout has fewer returned lines than RISK_MIN_POSITIVES, or it was trained as of a past day; null when active (and for models trained before reasons were recorded).',
  })
  inactiveReason!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'The day it was trained as of (asOf: only data known by then was read); null when trained on the data of its training day.' })
  asOf!: Date | null;

  @Field(() => Float, { description: 'Log-odds of a return for a line at the training means.' })
  intercept!: number;

  @Field(() => [ReturnRiskFeature], { description: 'The model\'s inputs and their weights.' })
  features!: ReturnRiskFeature[];

  @Field(() => ReturnRiskMetrics, { description: 'How it did on the holdout.' })
  metrics!: ReturnRiskMetrics;
}

@InputType({ description: 'Options of a return-risk model training; every one has a default.' })
export class TrainReturnRiskModelInput {
  @Field(() => Int, { nullable: true, description: 'Seed for sampling and encoding folds (default 1): the same seed on the same data gives the same weights.' })
  @IsOptional() @Min(0) @Max(2_147_483_647)
  seed?: number | null;

  @Field(() => Int, { nullable: true, description: 'Weeks of the most recent mature orders held out for evaluation (default RISK_MODEL_HOLDOUT_WEEKS).' })
  @IsOptional() @Min(1) @Max(52)
  holdoutWeeks?: number | null;

  @Field(() => Int, { nullable: true, description: 'Cap on training and on holdout lines (default RISK_MODEL_MAX_ROWS).' })
  @IsOptional() @Min(100) @Max(5_000_000)
  maxRows?: number | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Train as of the start of this (UTC) day, using only orders and return outcomes known by then, to evaluate how the model would have done. '
      + 'Not in the future. A model trained as of a past day stays inactive (inactiveReason says so). Default: today.',
  })
  @IsOptional()
  asOf?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of trainReturnRiskModel.' })
export class TrainReturnRiskModelPayload {
  @Field(() => [UserError], { description: 'ALREADY_RUNNING: a training was already queued or running, so none was queued; operation is that one (its id is in the message too).' })
  userErrors!: UserError[];

  @Field(() => AdminOperation, { nullable: true, description: 'The training this request queued, or with ALREADY_RUNNING the one queued or running: poll it until SUCCEEDED (result: the model) or FAILED (e.g. NOT_ENOUGH_HISTORY, TIMED_OUT).' })
  operation!: AdminOperation | null;

  @Field(() => ReturnRiskModel, {
    nullable: true, description: 'Always null (see the deprecation).', deprecationReason: 'Training runs in the background now and this is always null: use operation (its result once SUCCEEDED).',
  })
  model!: ReturnRiskModel | null;
}
