/** Minimal GeoJSON helpers for the map preview; coordinates are longitude/latitude (EPSG:4326). */

export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

export interface Feature {
  type: 'Feature';
  geometry: Geometry | null;
  properties?: Record<string, unknown> | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

function visitPositions(coordinates: unknown, visit: (lon: number, lat: number) => void): void {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') {
    visit(coordinates[0] as number, coordinates[1] as number);
    return;
  }
  for (const child of coordinates) visitPositions(child, visit);
}

function visitGeometry(geometry: Geometry | null, visit: (lon: number, lat: number) => void): void {
  if (!geometry) return;
  if (geometry.type === 'GeometryCollection') geometry.geometries?.forEach((child) => visitGeometry(child, visit));
  else visitPositions(geometry.coordinates, visit);
}

/** Returns the bounding box of all features, or null when no feature has coordinates. */
export function boundingBox(collection: FeatureCollection): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of collection.features) {
    visitGeometry(feature.geometry, (lon, lat) => {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    });
  }
  return Number.isFinite(box[0]) ? box : null;
}

/** Detects WebGL, which MapLibre needs; headless browsers started with --disable-gpu often have none. */
export function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
