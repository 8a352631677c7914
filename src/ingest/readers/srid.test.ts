import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sridFromCrsName, sridFromPrj } from './srid.ts';
import { sharedFile, skipNotice } from './test-data.ts';

const plrPrj = sharedFile('geo/lor_2021/LOR_2023-01-01_PLR_EPSG_25833_nur_ID.prj');

describe('sridFromPrj', () => {
  it.each([
    ['PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989"]]]', 25833],
    ['PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989"]]', 25832],
    ['GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]', 4326],
    ['PROJCS["DHDN_3_Degree_Gauss_Zone_4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz"]]', 31468],
    ['PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]', 3857],
    ['PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","25833"]]', 25833],
  ])('maps %s', (wkt, srid) => {
    expect(sridFromPrj(wkt)).toBe(srid);
  });

  it('returns null for an unknown name', () => {
    expect(sridFromPrj('PROJCS["Soldner_Berlin",GEOGCS["GCS_Potsdam"]]')).toBeNull();
  });

  it.skipIf(skipNotice('LOR .prj file', plrPrj))('maps the LOR .prj', () => {
    expect(sridFromPrj(fs.readFileSync(plrPrj!, 'utf8'))).toBe(25833);
  });
});

describe('sridFromCrsName', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::25833', 25833],
    ['urn:ogc:def:crs:EPSG:9.8.15:4326', 4326],
    ['EPSG:3857', 3857],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ['urn:ogc:def:crs:OGC::CRS84', 4326],
  ])('maps %s', (name, srid) => {
    expect(sridFromCrsName(name)).toBe(srid);
  });

  it('returns null for other names', () => {
    expect(sridFromCrsName('Soldner Berlin')).toBeNull();
  });
});
