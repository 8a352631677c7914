import { useTranslation } from 'react-i18next';
import type { BBox, FeatureCollection, Geometry } from './geojson.ts';

const WIDTH = 800;
const PADDING = 10;

interface Projection {
  x(lon: number): number;
  y(lat: number): number;
  height: number;
}

/**
 * Equirectangular projection scaled to the bounding box: longitudes are shrunk by the cosine of
 * the middle latitude, so shapes at Berlin's latitude keep their proportions.
 */
function projectionFor(box: BBox): Projection {
  const shrink = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  const spanX = Math.max((box[2] - box[0]) * shrink, 1e-9);
  const spanY = Math.max(box[3] - box[1], 1e-9);
  const scale = (WIDTH - 2 * PADDING) / spanX;
  return {
    x: (lon) => PADDING + (lon - box[0]) * shrink * scale,
    y: (lat) => PADDING + (box[3] - lat) * scale,
    height: Math.ceil(spanY * scale + 2 * PADDING),
  };
}

function ringPath(ring: number[][], projection: Projection, close: boolean): string {
  const points = ring.map(([lon, lat]) => `${projection.x(lon).toFixed(1)},${projection.y(lat).toFixed(1)}`);
  return points.length ? `M${points.join('L')}${close ? 'Z' : ''}` : '';
}

function pathData(geometry: Geometry, projection: Projection): string {
  const coordinates = geometry.coordinates as never;
  switch (geometry.type) {
    case 'Point':
      return circle(coordinates as number[], projection);
    case 'MultiPoint':
      return (coordinates as number[][]).map((point) => circle(point, projection)).join('');
    case 'LineString':
      return ringPath(coordinates, projection, false);
    case 'MultiLineString':
      return (coordinates as number[][][]).map((line) => ringPath(line, projection, false)).join('');
    case 'Polygon':
      return (coordinates as number[][][]).map((ring) => ringPath(ring, projection, true)).join('');
    case 'MultiPolygon':
      return (coordinates as number[][][][]).flatMap((polygon) => polygon.map((ring) => ringPath(ring, projection, true))).join('');
    case 'GeometryCollection':
      return (geometry.geometries ?? []).map((child) => pathData(child, projection)).join('');
    default:
      return '';
  }
}

function circle([lon, lat]: number[], projection: Projection): string {
  const x = projection.x(lon);
  const y = projection.y(lat);
  return `M${(x - 3).toFixed(1)},${y.toFixed(1)}a3,3 0 1,0 6,0a3,3 0 1,0 -6,0`;
}

/** SVG rendering of a feature collection for browsers without WebGL: one path per feature. */
export function SvgMap({ collection, box }: { collection: FeatureCollection; box: BBox }) {
  const { t } = useTranslation();
  const projection = projectionFor(box);
  const drawn = collection.features.filter((feature) => feature.geometry);
  return (
    <svg
      className="svg-map"
      viewBox={`0 0 ${WIDTH} ${projection.height}`}
      role="img"
      aria-label={t('map.svgLabel', { count: drawn.length })}
      preserveAspectRatio="xMidYMid meet"
    >
      <rect width={WIDTH} height={projection.height} className="svg-map-background" />
      {drawn.map((feature, index) => {
        const lines = feature.geometry!.type.includes('LineString');
        return (
          <path key={index} d={pathData(feature.geometry!, projection)} className={lines ? 'svg-map-line' : 'svg-map-shape'} fillRule="evenodd" />
        );
      })}
    </svg>
  );
}
