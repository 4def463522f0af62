"""Just enough GraphQL to read the documents AniList clients send: operations, fields, arguments.

Not an engine: it parses one document into operations and selection trees (with source
locations for error messages) and resolves variables. Fragments and directives are refused
with a GraphQL error rather than silently ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any


class GraphQLError(Exception):
    """A document AniList would refuse with HTTP 400 and this message."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line, self.column = line, column


@dataclass(frozen=True)
class Token:
    kind: str  # "name", "int", "float", "string", "punct", "eof"
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Variable:
    name: str


@dataclass(frozen=True)
class EnumValue:
    name: str


@dataclass
class Field:
    name: str
    alias: str | None
    arguments: dict[str, Any]
    selections: list[Field] | None
    line: int
    column: int

    @property
    def key(self) -> str:
        """The name the field's value has in the response."""
        return self.alias or self.name


@dataclass
class Operation:
    kind: str  # "query" or "mutation"
    name: str | None
    variables: dict[str, tuple[str, Any]]  # name -> (type, default)
    selections: list[Field] = field(default_factory=list)


_TOKEN = re.compile(
    r"""
    (?P<skip>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$&()\:=@\[\]{|}])
  | (?P<float>-?(?:0|[1-9]\d*)(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+))
  | (?P<int>-?(?:0|[1-9]\d*))
  | (?P<block>\"\"\"(?:\\\"\"\"|[^\"]|\"(?!\"\"))*\"\"\")
  | (?P<string>"(?:\\.|[^"\\\n\r])*")
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    """,
    re.VERBOSE,
)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position, line, line_start = 0, 1, 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        column = position - line_start + 1
        if match is None:
            raise GraphQLError(
                f'Syntax Error: Unexpected character "{source[position]}".', line, column
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "block":
            tokens.append(Token("string", text[3:-3], line, column))
        elif kind == "string":
            tokens.append(Token("string", json.loads(text), line, column))
        elif kind == "spread":
            tokens.append(Token("punct", "...", line, column))
        elif kind != "skip":
            tokens.append(Token(kind, text, line, column))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + text.rindex("\n") + 1
        position = match.end()
    tokens.append(Token("eof", "", line, position - line_start + 1))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, value: str) -> bool:
        return self.peek.kind == "punct" and self.peek.value == value

    def expect(self, value: str) -> Token:
        if not self.at(value):
            raise self.unexpected(f'Expected "{value}"')
        return self.advance()

    def name(self) -> Token:
        if self.peek.kind != "name":
            raise self.unexpected("Expected Name")
        return self.advance()

    def unexpected(self, what: str) -> GraphQLError:
        token = self.peek
        found = "<EOF>" if token.kind == "eof" else f'"{token.value}"'
        return GraphQLError(f"Syntax Error: {what}, found {found}.", token.line, token.column)

    def document(self) -> list[Operation]:
        operations = []
        while self.peek.kind != "eof":
            operations.append(self.operation())
        if not operations:
            raise self.unexpected("Unexpected")
        return operations

    def operation(self) -> Operation:
        if self.at("{"):
            return Operation("query", None, {}, self.selection_set())
        keyword = self.name()
        if keyword.value == "fragment":
            raise GraphQLError("Fragments are not supported here.", keyword.line, keyword.column)
        if keyword.value not in ("query", "mutation", "subscription"):
            raise GraphQLError(
                f'Syntax Error: Unexpected Name "{keyword.value}".', keyword.line, keyword.column
            )
        if keyword.value == "subscription":
            raise GraphQLError("Schema is not configured for subscriptions.", keyword.line, 1)
        name = self.name().value if self.peek.kind == "name" else None
        variables = self.variable_definitions() if self.at("(") else {}
        self.reject_directives()
        return Operation(keyword.value, name, variables, self.selection_set())

    def variable_definitions(self) -> dict[str, tuple[str, Any]]:
        self.expect("(")
        definitions: dict[str, tuple[str, Any]] = {}
        while not self.at(")"):
            self.expect("$")
            name = self.name().value
            self.expect(":")
            type_name = self.type_reference()
            default = None
            if self.at("="):
                self.advance()
                default = self.value(constant=True)
            definitions[name] = (type_name, default)
        self.expect(")")
        return definitions

    def type_reference(self) -> str:
        if self.at("["):
            self.advance()
            inner = self.type_reference()
            self.expect("]")
            text = f"[{inner}]"
        else:
            text = self.name().value
        if self.at("!"):
            self.advance()
            text += "!"
        return text

    def reject_directives(self) -> None:
        if self.at("@"):
            token = self.peek
            raise GraphQLError("Directives are not supported here.", token.line, token.column)

    def selection_set(self) -> list[Field]:
        self.expect("{")
        selections = []
        while not self.at("}"):
            if self.at("..."):
                token = self.peek
                raise GraphQLError("Fragments are not supported here.", token.line, token.column)
            selections.append(self.field())
        self.expect("}")
        return selections

    def field(self) -> Field:
        first = self.name()
        alias, name = None, first.value
        if self.at(":"):
            self.advance()
            alias, name = first.value, self.name().value
        arguments = self.arguments() if self.at("(") else {}
        self.reject_directives()
        selections = self.selection_set() if self.at("{") else None
        return Field(name, alias, arguments, selections, first.line, first.column)

    def arguments(self) -> dict[str, Any]:
        self.expect("(")
        arguments = {}
        while not self.at(")"):
            name = self.name().value
            self.expect(":")
            arguments[name] = self.value(constant=False)
        self.expect(")")
        return arguments

    def value(self, constant: bool) -> Any:
        token = self.peek
        if self.at("$"):
            if constant:
                raise self.unexpected("Unexpected variable")
            self.advance()
            return Variable(self.name().value)
        if self.at("["):
            self.advance()
            items = []
            while not self.at("]"):
                items.append(self.value(constant))
            self.advance()
            return items
        if self.at("{"):
            self.advance()
            fields = {}
            while not self.at("}"):
                key = self.name().value
                self.expect(":")
                fields[key] = self.value(constant)
            self.advance()
            return fields
        self.advance()
        if token.kind == "int":
            return int(token.value)
        if token.kind == "float":
            return float(token.value)
        if token.kind == "string":
            return token.value
        if token.kind == "name":
            return {"true": True, "false": False, "null": None}.get(
                token.value, EnumValue(token.value)
            )
        self.index -= 1
        raise self.unexpected("Unexpected")


def parse(source: str) -> list[Operation]:
    """The operations of a GraphQL document, or a GraphQLError."""
    return _Parser(source).document()


def select_operation(operations: list[Operation], name: str | None) -> Operation:
    """The operation a request asks to run (by operationName when the document has several)."""
    if name:
        for operation in operations:
            if operation.name == name:
                return operation
        raise GraphQLError(f'Unknown operation named "{name}".')
    if len(operations) > 1:
        raise GraphQLError("Must provide operation name if query contains multiple operations.")
    return operations[0]


def resolve_arguments(
    found: Field, operation: Operation, variables: dict[str, Any]
) -> dict[str, Any]:
    """A field's arguments with variables substituted and enums as their names."""

    def resolve(value: Any) -> Any:
        if isinstance(value, Variable):
            if value.name not in operation.variables:
                raise GraphQLError(
                    f'Variable "${value.name}" is not defined.', found.line, found.column
                )
            if value.name in variables:
                return variables[value.name]
            return resolve(operation.variables[value.name][1])
        if isinstance(value, EnumValue):
            return value.name
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        return value

    return {name: resolve(value) for name, value in found.arguments.items()}
