"""Click's and typer's own messages in French: help, usage errors, missing options.

Click and typer write their messages through :func:`gettext.gettext`, looked up
at call time in each of their modules, and typer renders its help panels from
module constants. :func:`install` points those names at a French catalogue, so
that « Show this message and exit. » or « Missing option '--offer'. » reach a
buyer in French whatever the machine's locale. It is called by the command
line only: importing :mod:`efc_scoring` changes nothing in click.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from typing import Any

__all__ = ["FRENCH", "install", "translate", "translate_message"]

#: Click's and typer's English messages and their French translation.
FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Error": "Erreur",
    "Error: {message}": "Erreur : {message}",
    "Aborted!": "Interrompu.",
    "Aborted.": "Interrompu.",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Aide : [blue]« {command_path} {help_option} »[/]."
    ),
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable (droits).",
    "{name} {filename!r} is not executable.": "{name} {filename!r} non exécutable.",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "integer": "entier",
    "float": "nombre",
    "required": "obligatoire",
    "[required]": "[obligatoire]",
    "default: {default}": "par défaut : {default}",
    "[default: {}]": "[par défaut : {}]",
    "env var: {var}": "variable d'environnement : {var}",
    "[env var: {}]": "[variable d'environnement : {}]",
    "(deprecated) ": "(obsolète) ",
    "deprecated": "obsolète",
    "(dynamic)": "(calculé)",
    "Choose from:\n\t{choices}": "Choisir parmi :\n\t{choices}",
    "Do you want to continue?": "Continuer ?",
    "Repeat for confirmation": "Répéter pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Press any key to continue...": "Appuyer sur une touche pour continuer...",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "unknown error": "erreur inconnue",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
}

#: Plural messages: (singular, plural) -> (French singular, French plural).
FRENCH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argument en trop : ({args})",
        "Arguments en trop : ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de : {possibilities} ?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "L'option {name!r} attend une valeur.",
        "L'option {name!r} attend {nargs} valeurs.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'une des valeurs {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} ne suit pas le format {format}.",
        "{value!r} ne suit aucun des formats {formats}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Attend {nargs} valeurs, une seule donnée.",
        "Attend {nargs} valeurs, {len} données.",
    ),
}


def translate(message: str) -> str:
    """The French of one of click's or typer's messages (the message itself if unknown).

    >>> translate("Show this message and exit."), translate("Something else")
    ('Affiche cette aide et quitte.', 'Something else')
    """
    return FRENCH.get(message, message)


#: Messages that typer's own copy of click writes without gettext, as patterns.
MESSAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"^Missing argument (.+)\.", r"Argument manquant : \1."),
        (r"^Missing option (.+)\.", r"Option manquante : \1."),
        (r"^Missing parameter (.+)\.", r"Paramètre manquant : \1."),
        (r"^Missing parameter: (.+)", r"Paramètre manquant : \1"),
        (r"^No such option: (\S+)", r"Option inconnue : \1"),
        (r"\(Possible options: (.+)\)", r"(options possibles : \1)"),
        (r"^No such command (.+)\.", r"Commande inconnue : \1."),
        (r"^Missing command\.", "Commande manquante."),
        (r"^Invalid value for (.+?): ", r"Valeur invalide pour \1 : "),
        (r"^Invalid value: ", "Valeur invalide : "),
        (r"^Got unexpected extra arguments? \((.*)\)", r"Argument(s) en trop : \1"),
        (r"^Option (.+) requires an argument\.", r"L'option \1 attend une valeur."),
        (r"^Option (.+) requires (\d+) arguments\.", r"L'option \1 attend \2 valeurs."),
        (r"^Option (.+) does not take a value\.", r"L'option \1 ne prend pas de valeur."),
        (r"^Argument (.+) takes (\d+) values\.", r"L'argument \1 prend \2 valeurs."),
        (r"Value (.+) is not a valid integer\.", r"\1 n'est pas un nombre entier."),
        (r"Value (.+) is not a valid float\.", r"\1 n'est pas un nombre."),
        (r"Value (.+) is not a valid (\w+)\.", r"\1 n'est pas une valeur valide (\2)."),
        (r"(.+) is not one of (.+)\.", r"\1 n'est pas l'une des valeurs \2."),
        (r"(?:File|Directory|Path) (.+) does not exist\.", r"Chemin \1 introuvable."),
        (r"(?:File|Directory|Path) (.+) is a file\.", r"\1 est un fichier, pas un dossier."),
        (r"(?:File|Directory|Path) (.+) is a directory\.", r"\1 est un dossier, pas un fichier."),
        (r"^Could not open file (.+?): ", r"Impossible d'ouvrir le fichier \1 : "),
        (r"^Show this message and exit\.$", "Affiche cette aide et quitte."),
        (r"Input should be a valid integer[^.]*", "nombre entier attendu"),
        (r"Input should be a valid (?:number|float)[^.]*", "nombre attendu"),
        (r"Input should be a valid boolean[^.]*", "oui ou non attendu"),
        (r"Input should be a valid date[^.]*", "date attendue"),
        (r"Input should be a valid (\w+)[^.]*", r"valeur de type \1 attendue"),
    )
)


def translate_message(text: str) -> str:
    """A message of typer's copy of click in French, by pattern (unknown ones unchanged).

    >>> translate_message("Missing option '--offer'.")
    "Option manquante : '--offer'."
    >>> translate_message("No such option: --nope (Possible options: --offer)")
    'Option inconnue : --nope (options possibles : --offer)'
    """
    out = FRENCH.get(text, text)
    for pattern, french in MESSAGE_PATTERNS:
        out = pattern.sub(french, out)
    return out


def _french_result(method: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        return translate_message(method(*args, **kwargs))

    wrapper.__efc_french__ = True  # type: ignore[attr-defined]
    return wrapper


def _vendored() -> None:
    """typer >= 0.20 ships its own copy of click, with English literals: translate at the seams."""
    try:
        exceptions = importlib.import_module("typer._click.exceptions")
        formatting = importlib.import_module("typer._click.formatting")
        core = importlib.import_module("typer._click.core")
    except ImportError:
        return
    for value in vars(exceptions).values():
        method = isinstance(value, type) and value.__dict__.get("format_message")
        if method and not getattr(method, "__efc_french__", False):
            value.format_message = _french_result(method)
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "__efc_french__", False):

        @functools.wraps(write_usage)
        def french_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, "Utilisation : " if prefix is None else prefix)

        french_usage.__efc_french__ = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = french_usage
    get_help_option = core.Command.get_help_option
    if not getattr(get_help_option, "__efc_french__", False):

        @functools.wraps(get_help_option)
        def french_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None and option.help:
                option.help = translate_message(option.help)
            return option

        french_help_option.__efc_french__ = True  # type: ignore[attr-defined]
        core.Command.get_help_option = french_help_option


def _ngettext(singular: str, plural: str, n: int) -> str:
    found = FRENCH_PLURAL.get((singular, plural))
    if found is None:
        return singular if n == 1 else plural
    return found[0] if n == 1 else found[1]


_CLICK = ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui", "utils")
_TYPER = ("core", "main", "rich_utils", "params")
_RICH_CONSTANTS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)
_installed = False


def install() -> None:
    """Make click and typer speak French (idempotent)."""
    global _installed
    if _installed:
        return
    _vendored()
    gettext: Callable[[str], str] = translate
    for package, names in (("click", _CLICK), ("typer", _TYPER)):
        for name in names:
            try:
                module = importlib.import_module(f"{package}.{name}")
            except ImportError:  # pragma: no cover - a module renamed in a later release
                continue
            if hasattr(module, "_"):
                module._ = gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        rich_utils = importlib.import_module("typer.rich_utils")
    except ImportError:  # pragma: no cover
        return
    english = {
        "DEPRECATED_STRING": "(deprecated) ",
        "DEFAULT_STRING": "[default: {}]",
        "ENVVAR_STRING": "[env var: {}]",
        "REQUIRED_LONG_STRING": "[required]",
        "ARGUMENTS_PANEL_TITLE": "Arguments",
        "OPTIONS_PANEL_TITLE": "Options",
        "COMMANDS_PANEL_TITLE": "Commands",
        "ERRORS_PANEL_TITLE": "Error",
        "ABORTED_TEXT": "Aborted.",
        "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
    }
    for constant in _RICH_CONSTANTS:
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, translate(english[constant]))
    _installed = True
