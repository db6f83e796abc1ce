"""Plain classes with named fields, the cheap way: what the model uses instead of dataclasses.

`dataclasses` imports `inspect` (~9 ms) and builds each class's methods with `exec` at import
time (~0.5 ms a class), which the `postmortem list`, `export` and `lint` commands would pay on
every start. A record spells out its `__init__`, lists its fields in `__slots__` (in order),
and gets a dataclass's equality and repr from here. `dataclasses.fields`, `replace` and
`asdict` still work on records: `__dataclass_fields__` is built on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from dataclasses import Field
    from typing import Any


class _DataclassFields:
    """`__dataclass_fields__`, made on first use by a dataclass with the same fields."""

    def __get__(self, instance: object, owner: type[Record]) -> dict[str, Field[Any]]:
        import dataclasses

        annotations = getattr(owner, "__annotations__", {})
        shadow = dataclasses.make_dataclass(
            owner.__name__, [(name, annotations.get(name, "Any")) for name in owner.__slots__]
        )
        fields: dict[str, Field[Any]] = vars(shadow)["__dataclass_fields__"]
        type.__setattr__(owner, "__dataclass_fields__", fields)  # later reads skip this
        return fields


class Record:
    """Fields in `__slots__` order; equal when of the same class with equal fields."""

    __slots__: tuple[str, ...] = ()
    __dataclass_fields__ = _DataclassFields()
    # Defining __eq__ leaves __hash__ None: unhashable, like a dataclass with eq=True.

    def field_values(self) -> tuple[Any, ...]:
        """The fields' values, in field order."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return self.field_values() == other.field_values()
        return NotImplemented

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__qualname__}({values})"


class FrozenRecord(Record):
    """A record whose fields cannot be reassigned once `__init__` has set them; hashable."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self.field_values())

    def __reduce__(self) -> tuple[type[FrozenRecord], tuple[Any, ...]]:
        # copy and pickle would set the slots with setattr, which a frozen record refuses;
        # every frozen record's __init__ takes its fields in order.
        return (type(self), self.field_values())


#: How a frozen record's `__init__` sets its fields.
set_field = object.__setattr__
