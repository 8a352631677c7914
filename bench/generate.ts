import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

const DISTRICTS = ['Mitte', 'Friedrichshain-Kreuzberg', 'Pankow', 'Charlottenburg-Wilmersdorf', 'Spandau', 'Steglitz-Zehlendorf',
  'Tempelhof-Schöneberg', 'Neukölln', 'Treptow-Köpenick', 'Marzahn-Hellersdorf', 'Lichtenberg', 'Reinickendorf'];
const STREETS = ['Müllerstraße', 'Schönhauser Allee', 'Köpenicker Straße', 'Frankfurter Allee', 'Straße des 17. Juni', 'Grünauer Weg'];
const CATEGORIES = ['Wohnen', 'Gewerbe', 'Grünfläche', 'Öffentlich', 'Verkehr'];

/** Deterministic pseudo-random numbers, so every run loads the same file. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

async function write(stream: fs.WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Writes the same rows twice: `german.csv` (semicolons, decimal comma, dd.mm.yyyy, as the hub
 * reads it) and `normalised.csv` (row number first, decimal point, ISO dates, for psql \copy).
 */
export async function generateFiles(dir: string, rows: number): Promise<{ german: string; normalised: string }> {
  const german = path.join(dir, 'german.csv');
  const normalised = path.join(dir, 'normalised.csv');
  const germanStream = fs.createWriteStream(german);
  const normalisedStream = fs.createWriteStream(normalised);
  const random = createRandom(20241231);

  await write(germanStream, 'Planungsraum;Lfd. Nr.;Einwohner;Fläche in ha;Anteil;Stichtag;Bezirk;Straße;Nutzung;Hausnummer\n');
  await write(normalisedStream, '_row,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10\n');
  let germanBatch = '';
  let normalisedBatch = '';
  for (let i = 1; i <= rows; i++) {
    const code = `0${pad(Math.floor(random() * 12_000_000), 7)}`;
    const residents = Math.floor(random() * 30_000);
    const areaCents = Math.floor(random() * 100_000_00);
    const shareThousandths = Math.floor(random() * 100_000);
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const year = 2000 + Math.floor(random() * 25);
    const district = DISTRICTS[Math.floor(random() * DISTRICTS.length)];
    const street = STREETS[Math.floor(random() * STREETS.length)];
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
    const houseNumber = 1 + Math.floor(random() * 250);
    const area = `${Math.floor(areaCents / 100)}.${pad(areaCents % 100, 2)}`;
    const share = `${Math.floor(shareThousandths / 1000)}.${pad(shareThousandths % 1000, 3)}`;

    germanBatch += `${code};${i};${residents};${area.replace('.', ',')};${share.replace('.', ',')};${pad(day, 2)}.${pad(month, 2)}.${year};${district};${street};${category};${houseNumber}\n`;
    // The hub stores the physical line number as _row; the header is line 1.
    normalisedBatch += `${i + 1},${code},${i},${residents},${area},${share},${year}-${pad(month, 2)}-${pad(day, 2)},${district},${street},${category},${houseNumber}\n`;
    if (germanBatch.length > 1 << 20) {
      await write(germanStream, germanBatch);
      await write(normalisedStream, normalisedBatch);
      germanBatch = '';
      normalisedBatch = '';
    }
  }
  await write(germanStream, germanBatch);
  await write(normalisedStream, normalisedBatch);
  germanStream.end();
  normalisedStream.end();
  await Promise.all([once(germanStream, 'finish'), once(normalisedStream, 'finish')]);
  return { german, normalised };
}
