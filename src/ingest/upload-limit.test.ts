import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { createDataset, upload } from './imports-testkit.ts';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('import upload limit', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ DATAHUB_MAX_UPLOAD_MB: '1' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('file above limit gives 413', async () => {
    const auth = await adminHeaders(hub.app);
    const setup = await createDataset(hub, 'grenzen', 'gross');
    const row = 'Mitte;397134;Köpenicker Straße\n';
    const content = `Bezirk;Einwohner;Straße\n${row.repeat(Math.ceil((2 * 1024 * 1024) / row.length))}`;
    const response = await upload(hub, setup, auth, { name: 'gross.csv', content }, { commit: 'true' });
    expect(response.statusCode).toBe(413);
    expect(response.json().type).toBe('urn:datahub:problem:file-too-large');
    expect(response.json().detail).toContain('1 MB');
    const { rows } = await hub.ctx.db.query('SELECT id FROM files');
    expect(rows).toEqual([]);
    expect(filesUnder(path.join(hub.dataDir, 'files'))).toEqual([]);
  });
});
