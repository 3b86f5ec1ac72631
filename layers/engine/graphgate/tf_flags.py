"""`gg.flags` (also `gg.app.flags`): TF1's `tf.flags`, the subset of absl.flags TF1 programs
use, written here because absl-py is not one of the engine's dependencies (numpy only).

Parsing follows absl's rules: `--name=value`, `--name value`, `-name`, `--flag`/`--noflag`
for booleans, `--` ending the flags, positional arguments kept wherever they stand. Values
are checked when parsed (`IllegalFlagValueError`), unknown flags refused
(`UnrecognizedFlagError`) unless `known_only`. As TF1's `tf.flags.FLAGS`, reading a value
before parsing parses `sys.argv` first; a `FlagValues()` of one's own raises
`UnparsedFlagAccessError` instead, as absl's does. The exceptions are absl's classes by name
(`tf.flags.Error` and its subclasses), not `GraphgateError`s: they describe a command line,
not a graph, and TF1 programs catch them by these names.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable
from typing import Any


class Error(Exception):
    """The base of every flags error, as absl's `flags.Error`."""


class CantOpenFlagFileError(Error):
    pass


class DuplicateFlagError(Error):
    pass


class IllegalFlagValueError(Error):
    pass


class UnrecognizedFlagError(Error):
    def __init__(self, flagname: str, flagvalue: str = "", suggestions: list | None = None):
        self.flagname = flagname
        self.flagvalue = flagvalue
        tip = f". Did you mean: {', '.join(suggestions)} ?" if suggestions else ""
        super().__init__(f"Unknown command line flag '{flagname}'{tip}")


class UnparsedFlagAccessError(Error):
    pass


class ValidationError(Error):
    pass


class FlagNameConflictsWithMethodError(Error):
    pass


# -- parsers: text (or an already typed default) -> value; ValueError/TypeError if bad ------


def _parse_str(argument: Any) -> str:
    if not isinstance(argument, str):
        raise TypeError(f'flag value must be a string, found "{argument}" of type {type(argument)}')
    return argument


def _parse_bool(argument: Any) -> bool:
    if isinstance(argument, str):
        if argument.lower() in ("true", "t", "1"):
            return True
        if argument.lower() in ("false", "f", "0"):
            return False
        raise ValueError("Non-boolean argument to boolean flag", argument)
    if isinstance(argument, int) and argument in (0, 1):
        return bool(argument)
    raise ValueError("Non-boolean argument to boolean flag", argument)


def _parse_int(argument: Any) -> int:
    if isinstance(argument, int) and not isinstance(argument, bool):
        return argument
    if not isinstance(argument, str):
        raise TypeError(f"Expect argument to be a string or int, found {type(argument)}")
    base = 10
    if len(argument) > 2 and argument[0] == "0" and argument[1] in "ox":
        base = 8 if argument[1] == "o" else 16
    return int(argument, base)


def _parse_float(argument: Any) -> float:
    if isinstance(argument, bool) or not isinstance(argument, (int, float, str)):
        raise TypeError(f"Expect argument to be a string, int, or float, found {type(argument)}")
    return float(argument)


def _parse_list(argument: Any) -> list:
    if isinstance(argument, list):
        return argument
    if not argument:
        return []
    try:
        return [s.strip() for s in next(csv.reader([argument], strict=True))]
    except csv.Error as e:
        raise ValueError(f"Unable to parse the value {argument!r} as a comma list: {e}") from e


def _bounded(convert: Callable, lower: Any, upper: Any, what: str) -> Callable:
    def parse(argument: Any) -> Any:
        value = convert(argument)
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            raise ValueError(f"{value} is not {_syntactic_help(what, lower, upper)}")
        return value

    return parse


def _syntactic_help(what: str, lower: Any, upper: Any) -> str:
    article = "an" if what == "integer" else "a"
    if lower is not None and upper is not None:
        return f"{article} {what} in the range [{lower}, {upper}]"
    if lower is not None:
        return f"a non-negative {what}" if lower == 0 else f"{what} >= {lower}"
    if upper is not None:
        return f"a non-positive {what}" if upper == 0 else f"{what} <= {upper}"
    return f"{article} {what}"


def _enum(values: Iterable[str], case_sensitive: bool = True) -> Callable:
    if not values or isinstance(values, str):
        raise ValueError(f'enum_values cannot be empty or a str, found "{values}"')
    values = list(values)

    def parse(argument: Any) -> str:
        for value in values:
            if value == argument or (not case_sensitive and str(argument).upper() == value.upper()):
                return value
        raise ValueError(f"value should be one of <{'|'.join(values)}>")

    return parse


# -- flags ----------------------------------------------------------------------------------


class Flag:
    """One flag: its parser, default, current value and whether the command line set it."""

    def __init__(
        self,
        parse: Callable,
        name: str,
        default: Any,
        help_string: str | None,
        short_name: str | None = None,
        boolean: bool = False,
        flag_type: str = "string",
    ):
        self.name = name
        self.short_name = short_name
        self.help = help_string or "(no help available)"
        self.boolean = boolean
        self.flag_type = flag_type
        self.present = 0
        self.using_default_value = True
        self.validators: list = []
        self._parse_value = parse
        self.default = self.value = None if default is None else self._convert(default)

    def _convert(self, argument: Any) -> Any:
        try:
            return self._parse_value(argument)
        except (TypeError, ValueError, OverflowError) as e:
            raise IllegalFlagValueError(f"flag --{self.name}={argument}: {e}") from None

    def parse(self, argument: Any) -> None:
        self.value = self._convert(argument)
        self.present += 1

    def unparse(self) -> None:
        self.value = self.default
        self.using_default_value = True
        self.present = 0


class MultiFlag(Flag):
    """A flag given any number of times (`DEFINE_multi_string`): the values accumulate."""

    def _convert(self, argument: Any) -> Any:
        items = [argument] if isinstance(argument, str) else argument
        items = list(items) if isinstance(items, Iterable) else [items]
        return [Flag._convert(self, item) for item in items]

    def parse(self, argument: Any) -> None:
        values = self._convert(argument)
        self.value = self.value + values if self.present else values
        self.present += len(values)


class FlagHolder:
    """What `DEFINE_*` returns: the flag's `.value` without going through `FLAGS`."""

    def __init__(self, flag_values: FlagValues, flag: Flag):
        self._flag_values = flag_values
        self._name = flag.name

    @property
    def name(self) -> str:
        return self._name

    @property
    def value(self) -> Any:
        return getattr(self._flag_values, self._name)

    @property
    def default(self) -> Any:
        return self._flag_values[self._name].default

    @property
    def present(self) -> bool:
        return bool(self._flag_values[self._name].present)


class FlagValues:
    """A registry of flags and their values, filled by `DEFINE_*` and a call on argv."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False
        # TF1 scripts print their settings with `FLAGS.__flags.items()` (absl's own dict of
        # name -> Flag, which attribute access outside a class reaches unmangled).
        self.__dict__["__flags"] = self.__dict__["_flags"]

    # -- registration --------------------------------------------------------------------

    def __setitem__(self, name: str, flag: Flag) -> None:
        flags = self.__dict__["_flags"]
        if name in flags and flags[name] is not flag:
            raise DuplicateFlagError(f"The flag '{name}' is defined twice.")
        if name in dir(type(self)):
            raise FlagNameConflictsWithMethodError(
                f'Cannot define a flag named "{name}". It conflicts with a method on '
                "class FlagValues."
            )
        flags[name] = flag

    def __getitem__(self, name: str) -> Flag:
        return self.__dict__["_flags"][name]

    def __contains__(self, name: str) -> bool:
        return name in self.__dict__["_flags"]

    def __iter__(self):
        return iter(self.__dict__["_flags"])

    def __len__(self) -> int:
        return len(self.__dict__["_flags"])

    def __delattr__(self, name: str) -> None:
        if name not in self.__dict__["_flags"]:
            raise AttributeError(name)
        del self.__dict__["_flags"][name]

    # -- values ---------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        flag = self.__dict__["_flags"].get(name)
        if flag is None:
            raise AttributeError(name)
        if self.__dict__["_parsed"] or flag.present:
            return flag.value
        raise UnparsedFlagAccessError(f"Trying to access flag --{name} before flags were parsed.")

    def __setattr__(self, name: str, value: Any) -> None:
        flag = self.__dict__["_flags"].get(name)
        if flag is None:
            raise AttributeError(name)
        flag.value = value
        flag.using_default_value = False
        self._validate([flag])

    def is_parsed(self) -> bool:
        return self.__dict__["_parsed"]

    def mark_as_parsed(self) -> None:
        self.__dict__["_parsed"] = True

    def unparse_flags(self) -> None:
        for flag in self.__dict__["_flags"].values():
            flag.unparse()
        self.__dict__["_parsed"] = False

    def flag_values_dict(self) -> dict:
        return {name: flag.value for name, flag in self.__dict__["_flags"].items()}

    def get_flag_value(self, name: str, default: Any) -> Any:
        flag = self.__dict__["_flags"].get(name)
        return default if flag is None else flag.value

    def set_default(self, name: str, value: Any) -> None:
        flag = self.__dict__["_flags"].get(name)
        if flag is None:
            raise UnrecognizedFlagError(name, value)
        flag.default = flag._convert(value)
        if flag.using_default_value:
            flag.value = flag.default
        self._validate([flag])

    # -- parsing --------------------------------------------------------------------------

    def __call__(self, argv: list, known_only: bool = False) -> list:
        """Parse flags out of `argv` (its first item is the program); return the rest."""
        if isinstance(argv, (str, bytes)):
            raise TypeError("argv should be a tuple/list of strings, not bytes or string.")
        if not argv:
            raise ValueError(
                "argv cannot be an empty list, and must contain the program name as the "
                "first element."
            )
        unknown, rest = self._parse_args(list(argv[1:]), known_only)
        if unknown:
            raise UnrecognizedFlagError(*unknown[0])
        self.mark_as_parsed()
        self._validate(list(self.__dict__["_flags"].values()))
        return [argv[0], *rest]

    def _parse_args(self, args: list, known_only: bool) -> tuple[list, list]:
        unknown: list = []
        rest: list = []
        it = iter(args)
        for arg in it:
            if arg == "--":
                rest += [arg] if known_only else []
                break
            name, value = _split_flag(arg)
            if name is None:
                rest.append(arg)
                continue
            flag, value = self._lookup(name, value, arg)
            if flag is None:
                (rest if known_only else unknown).append(arg if known_only else (name, arg))
                continue
            if value is None:
                value = next(it, None)
                if value is None:
                    raise Error(f"Missing value for flag {arg}")
            flag.parse(value)
            flag.using_default_value = False
        return unknown, rest + list(it)

    def _lookup(self, name: str, value: str | None, arg: str) -> tuple[Flag | None, Any]:
        flags = self.__dict__["_flags"]
        flag = flags.get(name)
        if flag is not None:
            return flag, "true" if flag.boolean and value is None else value
        negated = flags.get(name[2:]) if name.startswith("no") and len(name) > 2 else None
        if negated is not None and negated.boolean:
            if value is not None:
                raise ValueError(f"{arg} does not take an argument")
            return negated, "false"
        return None, value

    def _validate(self, flags: list) -> None:
        messages, seen = [], set()
        for flag in flags:
            for entry in flag.validators:
                if isinstance(entry, _MultiValidator):
                    if id(entry) not in seen:
                        seen.add(id(entry))
                        messages += entry.failures(self)
                    continue
                checker, message = entry
                if not checker(flag.value):
                    messages.append(f"flag --{flag.name}={flag.value}: {message}")
        if messages:
            raise IllegalFlagValueError("\n".join(messages))

    # -- help -----------------------------------------------------------------------------

    def get_help(self, prefix: str = "  ") -> str:
        lines = []
        for name, flag in sorted(self.__dict__["_flags"].items()):
            shown = f"--[no]{name}" if flag.boolean else f"--{name}"
            lines.append(f"{prefix}{shown}: {flag.help}")
            if flag.default is not None:
                default = str(flag.default).lower() if flag.boolean else flag.default
                lines.append(f"{prefix}  (default: {default!r})")
        return "\n".join(lines)

    main_module_help = get_help

    def __str__(self) -> str:
        return self.get_help()


def _split_flag(arg: str) -> tuple[str | None, str | None]:
    """(name, value or None) of a flag argument; (None, None) for a positional one."""
    if not arg.startswith("-"):
        return None, None
    body = arg[2:] if arg.startswith("--") else arg[1:]
    name, _, value = body.partition("=")
    if not name:
        return None, None
    return name, value if "=" in body else None


class _TFFlagValues(FlagValues):
    """TF1's `tf.flags.FLAGS`: reading a flag before parsing parses `sys.argv` first."""

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__["_flags"] and not self.__dict__["_parsed"]:
            self(sys.argv)
        return super().__getattr__(name)


FLAGS = _TFFlagValues()

# -- DEFINE_* -------------------------------------------------------------------------------

# TF1's spellings of the keyword arguments, which `tf.flags` still accepts.
_RENAMED = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _renamed(kwargs: dict) -> dict:
    return {_RENAMED.get(k, k): v for k, v in kwargs.items()}


def DEFINE_flag(flag: Flag, flag_values: FlagValues = FLAGS, module_name=None) -> FlagHolder:
    flag_values[flag.name] = flag
    if flag.short_name:
        flag_values[flag.short_name] = flag
    return FlagHolder(flag_values, flag)


def _define(parse, kind, name, default, help, flag_values, boolean=False, **kwargs):
    short_name = kwargs.pop("short_name", None)
    kwargs.pop("module_name", None)
    flag = Flag(parse, name, default, help, short_name, boolean, kind)
    return DEFINE_flag(flag, flag_values)


def _required(define: Callable) -> Callable:
    """`required=True` on any DEFINE_*: mark_flag_as_required, as absl's."""

    def wrapper(*args, **kwargs):
        kwargs = _renamed(kwargs)
        required = kwargs.pop("required", False)
        holder = define(*args, **kwargs)
        if required:
            mark_flag_as_required(holder.name, holder._flag_values)
        return holder

    wrapper.__name__ = define.__name__
    wrapper.__doc__ = define.__doc__
    return wrapper


@_required
def DEFINE_string(name, default, help, flag_values=FLAGS, **kwargs):
    """A flag whose value is any string."""
    return _define(_parse_str, "string", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_boolean(name, default, help, flag_values=FLAGS, **kwargs):
    """A boolean flag: `--name`, `--noname`, `--name=false`."""
    return _define(_parse_bool, "bool", name, default, help, flag_values, True, **kwargs)


DEFINE_bool = DEFINE_boolean


@_required
def DEFINE_integer(
    name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS, **kwargs
):
    """A flag whose value is an integer, optionally bounded."""
    parse = _bounded(_parse_int, lower_bound, upper_bound, "integer")
    return _define(parse, "int", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_float(
    name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS, **kwargs
):
    """A flag whose value is a float, optionally bounded."""
    parse = _bounded(_parse_float, lower_bound, upper_bound, "number")
    return _define(parse, "float", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_enum(name, default, enum_values, help, flag_values=FLAGS, **kwargs):
    """A flag whose value is one of `enum_values`."""
    parse = _enum(enum_values, kwargs.pop("case_sensitive", True))
    return _define(parse, "string enum", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_list(name, default, help, flag_values=FLAGS, **kwargs):
    """A flag whose value is a comma-separated list of strings."""
    return _define(_parse_list, "list", name, default, help, flag_values, **kwargs)


def _define_multi(parse, kind, name, default, help, flag_values, **kwargs):
    kwargs.pop("module_name", None)
    flag = MultiFlag(parse, name, default, help, kwargs.pop("short_name", None), False, kind)
    return DEFINE_flag(flag, flag_values)


@_required
def DEFINE_multi_string(name, default, help, flag_values=FLAGS, **kwargs):
    """A flag given any number of times; its value is the list of strings given."""
    return _define_multi(_parse_str, "multi string", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_multi_integer(
    name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS, **kwargs
):
    """A flag given any number of times; its value is the list of integers given."""
    parse = _bounded(_parse_int, lower_bound, upper_bound, "integer")
    return _define_multi(parse, "multi int", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_multi_float(
    name, default, help, lower_bound=None, upper_bound=None, flag_values=FLAGS, **kwargs
):
    """A flag given any number of times; its value is the list of floats given."""
    parse = _bounded(_parse_float, lower_bound, upper_bound, "number")
    return _define_multi(parse, "multi float", name, default, help, flag_values, **kwargs)


@_required
def DEFINE_multi_enum(name, default, enum_values, help, flag_values=FLAGS, **kwargs):
    """A flag given any number of times, each value one of `enum_values`."""
    parse = _enum(enum_values, kwargs.pop("case_sensitive", True))
    return _define_multi(parse, "multi enum", name, default, help, flag_values, **kwargs)


# -- validators -----------------------------------------------------------------------------


def _resolve(flag_name: Any, flag_values: FlagValues) -> tuple[str, FlagValues]:
    if isinstance(flag_name, FlagHolder):
        return flag_name.name, flag_name._flag_values
    return flag_name, flag_values


def register_validator(
    flag_name, checker, message="Flag validation failed", flag_values=FLAGS
) -> None:
    """Check the flag's value with `checker` whenever it is parsed or set."""
    name, flag_values = _resolve(flag_name, flag_values)
    if name not in flag_values:
        raise KeyError(
            f"Flag --{name} does not exist. Please make sure it is defined before "
            "registering validators."
        )
    flag_values[name].validators.append((checker, message))


def validator(flag_name, message="Flag validation failed", flag_values=FLAGS) -> Callable:
    """`register_validator` as a decorator of the checker."""

    def decorate(checker):
        register_validator(flag_name, checker, message, flag_values)
        return checker

    return decorate


def mark_flag_as_required(flag_name, flag_values=FLAGS) -> None:
    """Parsing fails unless the flag has a value other than None."""
    name, flag_values = _resolve(flag_name, flag_values)
    register_validator(
        name,
        lambda value: value is not None,
        message=f"Flag --{name} must have a value other than None.",
        flag_values=flag_values,
    )


def mark_flags_as_required(flag_names, flag_values=FLAGS) -> None:
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


class _MultiValidator:
    """A check of several flags' values together (`register_multi_flags_validator`): the
    checker takes {name: value} and returns False or raises ValidationError to refuse."""

    def __init__(self, names: list[str], checker: Callable, message: str):
        self.names, self.checker, self.message = names, checker, message

    def failures(self, flag_values: FlagValues) -> list[str]:
        values = {name: flag_values[name].value for name in self.names}
        try:
            ok, message = self.checker(values), self.message
        except ValidationError as e:
            ok, message = False, str(e)
        if ok:
            return []
        shown = ", ".join(f"--{name}={value}" for name, value in values.items())
        return [f"flags {shown}: {message}"]


def register_multi_flags_validator(
    flag_names, multi_flags_checker, message="Flags validation failed", flag_values=FLAGS
) -> None:
    """Check the flags' values together whenever they are parsed or one is set."""
    names = []
    for name in flag_names:
        name, flag_values = _resolve(name, flag_values)
        names.append(name)
    missing = [name for name in names if name not in flag_values]
    if missing:
        raise KeyError(missing[0])
    check = _MultiValidator(names, multi_flags_checker, message)
    for name in names:
        flag_values[name].validators.append(check)


def multi_flags_validator(flag_names, message="Flag validation failed", flag_values=FLAGS):
    """`register_multi_flags_validator` as a decorator of the checker."""

    def decorate(checker):
        register_multi_flags_validator(flag_names, checker, message, flag_values)
        return checker

    return decorate


def _exclusive(flag_names, required, flag_values, count, word: str) -> None:
    names = [_resolve(n, flag_values)[0] for n in flag_names]

    def check(values: dict) -> bool:
        n = count(values.values())
        if n == 1 or (not required and n == 0):
            return True
        raise ValidationError(
            f"{'Exactly' if required else 'At most'} one of ({', '.join(names)}) {word}."
        )

    register_multi_flags_validator(flag_names, check, flag_values=flag_values)


def mark_flags_as_mutual_exclusive(flag_names, required=False, flag_values=FLAGS) -> None:
    """At most one (exactly one, `required`) of the flags may have a value other than None."""
    _exclusive(
        flag_names, required, flag_values, lambda vs: sum(v is not None for v in vs),
        "must have a value other than None",
    )  # fmt: skip


def mark_bool_flags_as_mutual_exclusive(flag_names, required=False, flag_values=FLAGS) -> None:
    """At most one (exactly one, `required`) of the boolean flags may be True."""
    _exclusive(
        flag_names, required, flag_values, lambda vs: sum(bool(v) for v in vs), "must be True"
    )


def set_default(flag_holder: FlagHolder, value: Any) -> None:
    """The flag's default (and its value, unless given or set)."""
    flag_holder._flag_values.set_default(flag_holder.name, value)


def override_value(flag_holder: FlagHolder, value: Any) -> None:
    """Set the flag's value, overriding the command line's; the value must be what the
    flag's parser makes of it (absl's check)."""
    flag = flag_holder._flag_values[flag_holder.name]
    parsed = flag._convert(value)
    if parsed != value:
        raise IllegalFlagValueError(
            f"flag {flag_holder.name}: parsed value {parsed!r} not equal to original {value!r}"
        )
    setattr(flag_holder._flag_values, flag_holder.name, value)


def DEFINE_alias(name, original_name, flag_values=FLAGS, module_name=None) -> FlagHolder:
    """`--name` another spelling of `--original_name`: the same flag and value."""
    if original_name not in flag_values:
        raise UnrecognizedFlagError(original_name)
    alias = _AliasFlag(name, flag_values[original_name])
    flag_values[name] = alias
    return FlagHolder(flag_values, alias)


class _AliasFlag(Flag):
    """absl's alias: parsing and the value go to the original flag, while whether the
    command line gave it (`present`, `using_default_value`) is the alias's own, so a later
    `set_default` of the original still moves a value given through the alias, as absl's."""

    def __init__(self, name: str, original: Flag):
        self.__dict__["_original"] = original
        super().__init__(
            lambda v: v, name, None, f"Alias for --{original.name}.", None, original.boolean,
            original.flag_type,
        )  # fmt: skip

    @property
    def value(self) -> Any:
        return self._original.value

    @value.setter
    def value(self, value: Any) -> None:
        self._original.value = value

    @property
    def default(self) -> Any:
        return self._original.default

    @default.setter
    def default(self, value: Any) -> None:
        if value is not None:
            self._original.default = value

    def parse(self, argument: Any) -> None:
        self._original.parse(argument)
        self.present += 1


def _parse_spaced(comma_compat: bool) -> Callable:
    def parse(argument: Any) -> list:
        if not isinstance(argument, str):
            return list(argument)
        text = argument.replace(",", " ") if comma_compat else argument
        return text.split()

    return parse


@_required
def DEFINE_spaceseplist(name, default, help, comma_compat=False, flag_values=FLAGS, **kwargs):
    """A flag whose value is a whitespace-separated list of strings (commas too, with
    `comma_compat`)."""
    kind = "whitespace or comma separated list" if comma_compat else "whitespace separated list"
    return _define(_parse_spaced(comma_compat), kind, name, default, help, flag_values, **kwargs)


def flag_dict_to_args(flag_map: dict, multi_flags=None):
    """The command-line arguments of {name: value}, as absl spells them."""
    for key, value in flag_map.items():
        if value is None or value is True:
            yield f"--{key}"
        elif value is False:
            yield f"--no{key}"
        elif isinstance(value, (bytes, str)):
            yield f"--{key}={value}"
        elif isinstance(value, Iterable):
            if multi_flags and key in multi_flags:
                yield from (f"--{key}={item}" for item in value)
            else:
                yield f"--{key}={','.join(str(item) for item in value)}"
        else:
            yield f"--{key}={value}"


def declare_key_flag(flag_name, flag_values=FLAGS) -> None:
    """Accepted: key flags shape only `--helpshort`'s listing, which graphgate does not
    print; the flag must exist, as absl's."""
    name, flag_values = _resolve(flag_name, flag_values)
    if name not in flag_values:
        raise ValueError(
            f"Flag --{name} is undefined. To set a flag as a key flag first define it in Python."
        )


def adopt_module_key_flags(module, flag_values=FLAGS) -> None:
    """Accepted (see `declare_key_flag`); `module` must be a module, as absl's."""
    import types

    if not isinstance(module, types.ModuleType):
        raise Error(f"Expected a module object, not {module!r}.")


def disclaim_key_flags() -> None:
    """Accepted (see `declare_key_flag`)."""


__all__ = [
    "FLAGS",
    "CantOpenFlagFileError",
    "DEFINE_alias",
    "DEFINE_bool",
    "DEFINE_boolean",
    "DEFINE_enum",
    "DEFINE_flag",
    "DEFINE_float",
    "DEFINE_integer",
    "DEFINE_list",
    "DEFINE_multi_enum",
    "DEFINE_multi_float",
    "DEFINE_multi_integer",
    "DEFINE_multi_string",
    "DEFINE_spaceseplist",
    "DEFINE_string",
    "DuplicateFlagError",
    "Error",
    "Flag",
    "FlagHolder",
    "FlagNameConflictsWithMethodError",
    "FlagValues",
    "IllegalFlagValueError",
    "MultiFlag",
    "UnparsedFlagAccessError",
    "UnrecognizedFlagError",
    "ValidationError",
    "adopt_module_key_flags",
    "declare_key_flag",
    "disclaim_key_flags",
    "flag_dict_to_args",
    "mark_bool_flags_as_mutual_exclusive",
    "mark_flag_as_required",
    "mark_flags_as_required",
    "multi_flags_validator",
    "override_value",
    "register_multi_flags_validator",
    "register_validator",
    "set_default",
    "validator",
]
