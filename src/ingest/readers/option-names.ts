/**
 * Names of each read option in the upload wizard (label from web/src/i18n/de.json) and on the
 * `datahub import` command line. Reader messages name both, so they help in the browser and in a terminal.
 */
const OPTION_NAMES = {
  encoding: { wizard: 'Zeichenkodierung', cli: '--encoding' },
  delimiter: { wizard: 'Trennzeichen', cli: '--delimiter' },
  sheet: { wizard: 'Tabellenblatt (Excel)', cli: '--sheet' },
  srid: { wizard: 'Koordinatensystem (EPSG-Code)', cli: '--srid' },
  headerRow: { wizard: null, cli: '--header-row' },
  layer: { wizard: null, cli: '--layer' },
} as const;

export type ReadOptionName = keyof typeof OPTION_NAMES;

/** Returns e.g. „im Assistenten „Trennzeichen“, auf der Kommandozeile --delimiter“ for a German message. */
export function optionHintDe(option: ReadOptionName): string {
  const { wizard, cli } = OPTION_NAMES[option];
  return wizard ? `im Assistenten „${wizard}“, auf der Kommandozeile ${cli}` : `auf der Kommandozeile ${cli}, im Assistenten noch nicht einstellbar`;
}

/** Returns the English counterpart of optionHintDe. */
export function optionHintEn(option: ReadOptionName): string {
  const { wizard, cli } = OPTION_NAMES[option];
  return wizard ? `in the wizard "${wizard}", on the command line ${cli}` : `on the command line ${cli}, not yet settable in the wizard`;
}
