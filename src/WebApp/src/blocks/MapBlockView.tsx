import { memo, useEffect, useRef, useState } from "react";
import type { Feature } from "geojson";
import type { MapBlock } from "../api/types";

// Leaflet, its CSS, topojson-client and the Natural Earth countries load only when an answer holds a map. The
// basemap is drawn from that bundled file: no tile server, nothing fetched from another origin (the CSP's
// img-src and connect-src would refuse it). Points are circle markers, so Leaflet never fetches its marker PNGs.

async function drawMap(element: HTMLElement, block: MapBlock) {
  const [L, topojson, atlas] = await Promise.all([
    import("leaflet").then((module) => module.default),
    import("topojson-client"),
    import("world-atlas/countries-110m.json").then((module) => module.default),
    import("leaflet/dist/leaflet.css"),
  ]);
  const map = L.map(element, { attributionControl: true, zoomControl: true, worldCopyJump: false, minZoom: 1 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const topology = atlas as unknown as Parameters<typeof topojson.feature>[0];
  const countries = topojson.feature(topology, topology.objects.countries as never);
  L.geoJSON(countries as never, {
    interactive: false,
    style: { color: "#9aa5b1", weight: 0.6, fillColor: "#eef0ea", fillOpacity: 1 },
  }).addTo(map);
  const data = L.geoJSON(block.geojson, {
    style: { color: "#1f4fd1", weight: 2, fillOpacity: 0.25 },
    pointToLayer: (_feature, latlng) =>
      L.circleMarker(latlng, { radius: 6, color: "#ffffff", weight: 1.5, fillColor: "#1f4fd1", fillOpacity: 0.9 }),
    onEachFeature: (feature, layer) => {
      const name = featureName(feature, -1);
      if (name) layer.bindTooltip(name);
    },
  }).addTo(map);
  const bounds = data.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 8 });
  else map.setView([20, 0], 1);
  return () => map.remove();
}

/** A feature's name from its properties (name, title, label), or its number in the list. */
export function featureName(feature: Feature, index: number): string {
  const properties = feature.properties ?? {};
  for (const key of ["name", "title", "label", "NAME"]) {
    const value = properties[key];
    if (typeof value === "string" && value) return value;
  }
  return index >= 0 ? `Feature ${index + 1}` : "";
}

function otherProperties(feature: Feature): [string, string][] {
  return Object.entries(feature.properties ?? {})
    .filter(([key]) => !["name", "title", "label", "NAME"].includes(key))
    .map(([key, value]) => [key, typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)]);
}

export const MapBlockView = memo(function MapBlockView({ block }: { block: MapBlock }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const features = block.geojson?.features ?? [];
  const label = block.title ? `Map: ${block.title}` : "Map";

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let cancelled = false;
    let remove: (() => void) | undefined;
    drawMap(element, block)
      .then((cleanup) => {
        if (cancelled) cleanup();
        else remove = cleanup;
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(caught instanceof Error ? caught.message : String(caught));
      });
    return () => {
      cancelled = true;
      remove?.();
    };
  }, [block]);

  return (
    <figure className="block-map">
      {block.title && <figcaption>{block.title}</figcaption>}
      {error ? (
        <p className="error-notice" role="alert">
          This map could not be drawn: {error}
        </p>
      ) : (
        <div ref={target} className="map-canvas" role="region" aria-label={`${label} (the list below describes it)`} />
      )}
      {features.length > 0 && (
        <ul className="feature-list" aria-label={block.title ? `Places on the map: ${block.title}` : "Places on the map"}>
          {features.map((feature, index) => (
            <li key={index}>
              <strong>{featureName(feature, index)}</strong>
              {otherProperties(feature).length > 0 && (
                <span className="hint">
                  {" "}
                  {otherProperties(feature)
                    .map(([key, value]) => `${key}: ${value}`)
                    .join(", ")}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
});
