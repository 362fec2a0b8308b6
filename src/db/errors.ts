/** True when err (or the driver error drizzle wrapped in `cause`) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint_name?: string; constraint?: string };
    if (pg.code === '23505' && (pg.constraint_name ?? pg.constraint) === constraint) return true;
  }
  return false;
}
