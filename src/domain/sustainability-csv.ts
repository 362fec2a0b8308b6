import type { SustainabilityFigures } from './sustainability-report';

/** A report with its period and the factor version it used, as the CSV export takes it. */
export type ReportForCsv = SustainabilityFigures & { from: Date; to: Date; factorVersion: number };

/** The CSV columns, in order (RFC 4180, comma-separated, CRLF line ends, header first). */
export const CSV_COLUMNS = [
  'section', 'metric', 'route', 'outcome', 'disposition', 'material', 'treatment_route', 'category', 'method', 'units', 'value', 'unit',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

/**
 * One cell: numbers as they are; text quoted when it holds a comma, quote or line break, and prefixed with an
 * apostrophe when it starts like a spreadsheet formula (category names come from merchant data: OWASP CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function summaryRows(r: ReportForCsv): Row[] {
  const m = (metric: string, value: string | number | null, unit: string, units?: number): Row => ({ section: 'summary', metric, value, unit, units });
  return [
    m('period_from', r.from.toISOString(), 'ISO-8601'),
    m('period_to', r.to.toISOString(), 'ISO-8601'),
    m('factor_version', r.factorVersion, 'version'),
    m('total_weight', r.totalKg, 'kg', r.units),
    m('diverted_weight', r.divertedKg, 'kg'),
    m('directed_to_disposal_weight', r.directedToDisposalKg, 'kg'),
    m('pending_report_weight', r.pendingReportKg, 'kg'),
    m('landfill_diversion_rate', r.landfillDiversionRate, 'fraction'),
    m('units_without_weight', null, 'units', r.unitsWithoutWeight),
    m('units_awaiting_disposition', null, 'units', r.unitsAwaitingDisposition),
    m('transport_co2e', r.transportCo2eKg, 'kg CO2e'),
    m('co2e_avoided', r.co2eAvoidedKg, 'kg CO2e'),
    m('co2e_avoided_conservative', r.co2eAvoidedConservativeKg, 'kg CO2e'),
    m('packaging_reuse_rate', r.packagingReuseRate, 'fraction', r.packagingAssessedReturns),
  ];
}

function routeRows(r: ReportForCsv): Row[] {
  return r.kgByRoute.flatMap((route) => {
    const base = { section: 'route', metric: 'weight', route: route.route, outcome: route.outcome, unit: 'kg' };
    return [
      { ...base, value: route.kg },
      ...route.dispositions.map((d) => ({ ...base, disposition: d.disposition, units: d.units, value: d.kg })),
      ...route.materials.map((m) => ({ ...base, disposition: 'RECYCLE', material: m.material, treatment_route: m.treatmentRoute, value: m.kg })),
    ];
  });
}

/** The report as CSV: summary, one row per route (then per disposition and material), per method, per category. */
export function sustainabilityCsv(r: ReportForCsv): string {
  const rows: Row[] = [
    ...summaryRows(r),
    ...routeRows(r),
    ...r.transportByMethod.map((t) => ({ section: 'transport', metric: 'transport_co2e', method: t.method, units: t.returns, value: t.co2eKg, unit: 'kg CO2e' })),
    ...r.co2eAvoidedByCategory.flatMap((a) => {
      const base = { section: 'avoided', category: a.category, disposition: a.disposition, units: a.units, unit: 'kg CO2e' };
      return [{ ...base, metric: 'co2e_avoided', value: a.co2eAvoidedKg }, { ...base, metric: 'co2e_avoided_conservative', value: a.co2eAvoidedConservativeKg }];
    }),
  ];
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
