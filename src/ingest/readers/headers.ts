/** Header cleanup shared by all readers. */

/**
 * Trims header names, names empty ones "Spalte N" (N = 1-based column position) and renames
 * repeated names to "name_2", "name_3", … so every column can be addressed by its name.
 */
export function uniqueHeaders(raw: string[]): { headers: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const used = new Set<string>();
  const headers = raw.map((value, index) => {
    let name = value.replace(/\s+/g, ' ').trim();
    if (name === '') {
      name = `Spalte ${index + 1}`;
      warnings.push(`Spalte ${index + 1} hat keine Überschrift und heißt jetzt „${name}“.`);
    }
    if (used.has(name)) {
      let suffix = 2;
      while (used.has(`${name}_${suffix}`)) suffix += 1;
      const renamed = `${name}_${suffix}`;
      warnings.push(`Die Überschrift „${name}“ kommt mehrfach vor; Spalte ${index + 1} heißt jetzt „${renamed}“.`);
      name = renamed;
    }
    used.add(name);
    return name;
  });
  return { headers, warnings };
}
