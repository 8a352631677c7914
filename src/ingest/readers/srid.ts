/** Mapping of coordinate reference system names in GeoJSON, .prj files and GeoPackages to EPSG codes. */

/** ESRI WKT names that occur in Berlin and German data; the EPSG code is the standard one for each. */
const ESRI_NAMES: Record<string, number> = {
  ETRS_1989_UTM_Zone_33N: 25833,
  ETRS_1989_UTM_Zone_32N: 25832,
  ETRS89_UTM_zone_33N: 25833,
  'ETRS89 / UTM zone 33N': 25833,
  'ETRS89 / UTM zone 32N': 25832,
  GCS_WGS_1984: 4326,
  WGS_1984: 4326,
  'WGS 84': 4326,
  GCS_ETRS_1989: 4258,
  DHDN_3_Degree_Gauss_Zone_4: 31468,
  DHDN_3_Degree_Gauss_Zone_3: 31467,
  'DHDN / 3-degree Gauss-Kruger zone 4': 31468,
  WGS_1984_Web_Mercator_Auxiliary_Sphere: 3857,
  'WGS 84 / Pseudo-Mercator': 3857,
};

/**
 * Returns the EPSG code for a crs name such as "urn:ogc:def:crs:EPSG::25833", "EPSG:25833" or
 * "urn:ogc:def:crs:OGC:1.3:CRS84" (WGS 84 longitude/latitude, 4326), or null when unknown.
 */
export function sridFromCrsName(name: string): number | null {
  const trimmed = name.trim();
  if (/CRS84$/i.test(trimmed)) return 4326;
  const epsg = /EPSG:(?:[\d.]*:)?(\d+)$/i.exec(trimmed);
  if (epsg) return Number(epsg[1]);
  return null;
}

/**
 * Returns the EPSG code for the WKT in a .prj file: the AUTHORITY["EPSG", …] of the outermost
 * coordinate system when present, otherwise the ESRI name of the PROJCS or GEOGCS, or null.
 */
export function sridFromPrj(wkt: string): number | null {
  const text = wkt.trim();
  const authorities = [...text.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  // The authority of the outermost system comes last, after those of its datum, spheroid and units.
  if (authorities.length > 0 && /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS)/i.test(text)) {
    return Number(authorities[authorities.length - 1][1]);
  }
  const name = /^(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\s*\[\s*"([^"]+)"/i.exec(text)?.[1];
  if (!name) return null;
  return ESRI_NAMES[name] ?? null;
}
