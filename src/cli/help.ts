import { Help, type Command, type Option } from 'commander';

/** Commander's English section titles (as of commander 14) and their German forms. */
const TITLES: Record<string, string> = {
  'Usage:': 'Aufruf:',
  'Arguments:': 'Argumente:',
  'Options:': 'Optionen:',
  'Global Options:': 'Globale Optionen:',
  'Commands:': 'Befehle:',
};

/** Replaces the placeholders commander puts into usage lines. */
const germanPlaceholders = (usage: string) => usage.replace('[options]', '[Optionen]').replace('[command]', '[Befehl]');

/**
 * Lists choices and defaults in German. Boolean defaults are left out because "false" adds
 * nothing to the flag's description.
 */
function optionDescription(option: Option): string {
  const extras: string[] = [];
  if (option.argChoices) extras.push(`Auswahl: ${option.argChoices.join(', ')}`);
  if (option.defaultValue !== undefined && typeof option.defaultValue !== 'boolean') {
    extras.push(`Standard: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  }
  if (option.envVar !== undefined) extras.push(`Umgebungsvariable: ${option.envVar}`);
  return extras.length > 0 ? `${option.description} (${extras.join(', ')})`.trim() : option.description;
}

/**
 * Switches commander's help output to German. Call it on the program before adding subcommands,
 * because commander copies these settings into each subcommand when it is created.
 */
export function configureGermanHelp(program: Command): Command {
  return program
    .configureOutput({ outputError: (message, write) => write(`Fehler: ${germanCommanderError(message)}\n`) })
    .helpOption('-h, --help', 'Hilfe anzeigen')
    .helpCommand('help [befehl]', 'Hilfe zu einem Befehl anzeigen')
    .configureHelp({
      styleTitle: (title: string) => TITLES[title] ?? title,
      optionDescription,
      commandUsage(this: Help, command: Command): string {
        return germanPlaceholders(Help.prototype.commandUsage.call(this, command));
      },
      subcommandTerm(this: Help, command: Command): string {
        return germanPlaceholders(Help.prototype.subcommandTerm.call(this, command));
      },
    });
}

/** Commander's error messages (as of commander 14) and German replacements; unknown messages pass unchanged. */
const ERROR_PATTERNS: [RegExp, (...groups: string[]) => string][] = [
  [/^missing required argument '(.+)'$/, (name) => `Das Argument <${name}> fehlt.`],
  [/^option '(.+)' argument missing$/, (flags) => `Bei der Option ${flags} fehlt der Wert.`],
  [/^option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/, (flags, value, choices) => `Ungültiger Wert „${value}“ für ${flags}. Erlaubt sind: ${choices}.`],
  [/^unknown option '(.+)'(?:\s*\(Did you mean (.+)\?\))?$/, (flag, suggestion) => `Unbekannte Option ${flag}.${suggestion ? ` Meinten Sie ${suggestion}?` : ''}`],
  [/^unknown command '(.+)'(?:\s*\(Did you mean (.+)\?\))?$/, (name, suggestion) => `Unbekannter Befehl „${name}“.${suggestion ? ` Meinten Sie ${suggestion}?` : ''}`],
  [/^too many arguments(?: for '(.+)')?\..*$/, (name) => `Zu viele Argumente${name ? ` für „${name}“` : ''}.`],
];

/** Translates one commander error message such as "error: unknown option '--x'" into German, without the "error: " prefix. */
export function germanCommanderError(message: string): string {
  const text = message.trim().replace(/^error: /, '');
  for (const [pattern, translate] of ERROR_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return translate(...match.slice(1));
  }
  return text;
}
