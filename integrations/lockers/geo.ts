import type { GeoPoint } from '../common';
import type { LockerPoint } from './types';

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in kilometres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True for a latitude/longitude pair on the globe. */
export function isOnGlobe(p: GeoPoint): boolean {
  return Math.abs(p.latitude) <= 90 && Math.abs(p.longitude) <= 180;
}

/** The contract's promise: only points within maxDistanceKm of near, nearest first (whatever order the partner used). */
export function nearestFirst(points: LockerPoint[], near: GeoPoint, maxDistanceKm: number): LockerPoint[] {
  return points
    .map((point) => ({ point, km: distanceKm(near, point) }))
    .filter(({ km }) => km <= maxDistanceKm)
    .sort((x, y) => x.km - y.km)
    .map(({ point }) => point);
}
