/**
 * Decoding of GeoPackage geometry blobs: the "GP" header (OGC GeoPackage 1.3, section 2.1.3)
 * followed by Well-Known Binary, converted to 2D GeoJSON geometries.
 */
import type { GeoJsonGeometry } from '../types.ts';

const TYPE_NAMES: Record<number, string> = {
  1: 'Point',
  2: 'LineString',
  3: 'Polygon',
  4: 'MultiPoint',
  5: 'MultiLineString',
  6: 'MultiPolygon',
  7: 'GeometryCollection',
};

/** Envelope size in bytes by the envelope indicator in bits 1–3 of the flags byte. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export interface GpkgGeometry {
  geometry: GeoJsonGeometry | null;
  /** srs_id stored in the blob header. */
  srsId: number;
  /** True when Z or M values were present and dropped. */
  droppedDimensions: boolean;
}

/** Decodes a GeoPackage geometry blob; an empty geometry gives null. Throws Error on malformed input. */
export function decodeGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('geometry blob does not start with "GP"');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const flags = blob[3];
  const littleEndian = (flags & 1) === 1;
  const envelopeIndicator = (flags >> 1) & 0b111;
  const isEmpty = ((flags >> 4) & 1) === 1;
  const srsId = view.getInt32(4, littleEndian);
  if (envelopeIndicator >= ENVELOPE_BYTES.length) throw new Error(`invalid envelope indicator ${envelopeIndicator}`);
  if (isEmpty) return { geometry: null, srsId, droppedDimensions: false };

  const reader = new WkbReader(view, 8 + ENVELOPE_BYTES[envelopeIndicator]);
  const geometry = reader.readGeometry();
  return { geometry, srsId, droppedDimensions: reader.droppedDimensions };
}

class WkbReader {
  droppedDimensions = false;
  private littleEndian = true;

  constructor(
    private readonly view: DataView,
    private offset: number,
  ) {}

  readGeometry(): GeoJsonGeometry {
    this.littleEndian = this.view.getUint8(this.offset) === 1;
    this.offset += 1;
    const rawType = this.readUint32();

    // ISO WKB adds 1000 (Z), 2000 (M) or 3000 (ZM) to the type; EWKB sets the high bits instead.
    let hasZ = (rawType & 0x80000000) !== 0;
    let hasM = (rawType & 0x40000000) !== 0;
    let baseType = rawType & 0x0fffffff;
    if (baseType >= 1000) {
      const dimension = Math.floor(baseType / 1000);
      hasZ = hasZ || dimension === 1 || dimension === 3;
      hasM = hasM || dimension === 2 || dimension === 3;
      baseType %= 1000;
    }
    const extra = (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    if (extra > 0) this.droppedDimensions = true;

    const type = TYPE_NAMES[baseType];
    if (!type) throw new Error(`unsupported WKB geometry type ${rawType}`);

    switch (baseType) {
      case 1:
        return { type, coordinates: this.readPoint(extra) };
      case 2:
        return { type, coordinates: this.readPoints(extra) };
      case 3:
        return { type, coordinates: this.readRings(extra) };
      case 7:
        return { type, geometries: this.readParts() };
      default:
        return { type, coordinates: this.readParts().map((part) => part.coordinates) };
    }
  }

  private readUint32(): number {
    const value = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }

  private readDouble(): number {
    const value = this.view.getFloat64(this.offset, this.littleEndian);
    this.offset += 8;
    return value;
  }

  /** Reads one position; an empty WKB point is stored as NaN coordinates and gives []. */
  private readPoint(extra: number): number[] {
    const x = this.readDouble();
    const y = this.readDouble();
    this.offset += 8 * extra;
    return Number.isNaN(x) && Number.isNaN(y) ? [] : [x, y];
  }

  private readPoints(extra: number): number[][] {
    const count = this.readUint32();
    const points: number[][] = [];
    for (let index = 0; index < count; index += 1) points.push(this.readPoint(extra));
    return points;
  }

  private readRings(extra: number): number[][][] {
    const count = this.readUint32();
    const rings: number[][][] = [];
    for (let index = 0; index < count; index += 1) rings.push(this.readPoints(extra));
    return rings;
  }

  /** Reads the members of a Multi* or GeometryCollection, each a complete WKB geometry with its own byte order. */
  private readParts(): GeoJsonGeometry[] {
    const count = this.readUint32();
    const parts: GeoJsonGeometry[] = [];
    for (let index = 0; index < count; index += 1) parts.push(this.readGeometry());
    return parts;
  }
}
