import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api.ts';
import { formatNumber } from '../format.ts';
import { boundingBox, hasWebGl, type BBox, type FeatureCollection } from './geojson.ts';
import { ErrorMessage } from './Status.tsx';
import { SvgMap } from './SvgMap.tsx';

// NOTE: the preview draws at most this many features, so very large datasets show only their first rows.
const MAX_FEATURES = 10_000;

/**
 * Map preview without any external base map: the dataset's geometries alone, in EPSG:4326.
 * Uses MapLibre GL when the browser has WebGL and an SVG drawing otherwise.
 */
export function MapPreview({ rowsPath }: { rowsPath: string }) {
  const { t } = useTranslation();
  const [collection, setCollection] = useState<FeatureCollection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [webGl] = useState(hasWebGl);
  const [drawnFeatures, setDrawnFeatures] = useState<number | null>(null);

  useEffect(() => {
    api<FeatureCollection>(`${rowsPath}?format=geojson&limit=${MAX_FEATURES}`)
      .then(setCollection)
      .catch((caught) => setError(errorMessage(caught)));
  }, [rowsPath]);

  const box = collection ? boundingBox(collection) : null;
  const renderer = webGl ? 'maplibre' : 'svg';

  return (
    <figure
      className="map-preview"
      data-renderer={renderer}
      data-bbox={box ? box.map((value) => value.toFixed(5)).join(',') : ''}
      data-drawn-features={drawnFeatures ?? undefined}
    >
      <ErrorMessage message={error} />
      {!collection && !error && <p role="status">{t('common.loading')}</p>}
      {collection && !box && <p>{t('map.empty')}</p>}
      {collection && box && (webGl ? (
          <MapLibreMap collection={collection} box={box} onIdle={setDrawnFeatures} />
        ) : (
          <SvgMap collection={collection} box={box} />
        ))}
      {collection && (
        <figcaption>
          {t('map.caption', { count: collection.features.length, formatted: formatNumber(collection.features.length) })}{' '}
          {webGl ? t('map.rendererGl') : t('map.rendererSvg')}
        </figcaption>
      )}
    </figure>
  );
}

interface MapProps {
  collection: FeatureCollection;
  box: BBox;
  /** Receives the number of features MapLibre drew once the map has finished rendering. */
  onIdle: (drawnFeatures: number) => void;
}

function MapLibreMap({ collection, box, onIdle }: MapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let map: import('maplibre-gl').Map | null = null;
    let cancelled = false;
    void (async () => {
      const { Map, setWorkerUrl } = await import('maplibre-gl');
      // MapLibre builds its worker URL at run time, which Vite cannot see, so the worker is bundled as an asset.
      const { default: workerUrl } = await import('maplibre-gl/dist/maplibre-gl-worker.mjs?url');
      await import('maplibre-gl/dist/maplibre-gl.css');
      setWorkerUrl(workerUrl);
      if (cancelled || !container.current) return;
      map = new Map({
        container: container.current,
        attributionControl: false,
        // MapLibre labels its canvas with the English default "Map" unless the locale overrides Map.Title.
        locale: { 'Map.Title': t('map.canvasLabel') },
        bounds: [box[0], box[1], box[2], box[3]],
        fitBoundsOptions: { padding: 20 },
        style: {
          version: 8,
          sources: { data: { type: 'geojson', data: collection as never } },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#f4f4f4' } },
            { id: 'fill', type: 'fill', source: 'data', paint: { 'fill-color': '#e40422', 'fill-opacity': 0.25 } },
            { id: 'outline', type: 'line', source: 'data', paint: { 'line-color': '#8a0215', 'line-width': 1 } },
            {
              id: 'points',
              type: 'circle',
              source: 'data',
              filter: ['==', ['geometry-type'], 'Point'],
              paint: { 'circle-color': '#8a0215', 'circle-radius': 4 },
            },
          ],
        },
      });
      map.once('idle', () => {
        const drawn = map?.queryRenderedFeatures({ layers: ['fill', 'outline', 'points'] }) ?? [];
        onIdle(new Set(drawn.map((feature) => feature.id ?? JSON.stringify(feature.properties))).size);
      });
    })();
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [collection, box, onIdle, t]);

  return <div ref={container} className="maplibre-container" role="region" aria-label={t('map.glLabel')} />;
}
