"""YAML written from plain data (mappings, lists, text, numbers, dates) as ``yaml.dump`` writes it,
without PyYAML's representer.

``yaml.dump`` first turns the data into a graph of nodes (several Python objects for each value,
all held until the end), then serializes it; for an imported plan of 200,000 paragraphs that is
most of the import's time and memory. Here the same events are made one at a time from the data
and handed to the same emitter (libyaml's when installed), so the text is identical — the
serializer's tags and implicit flags are worked out as it does — and nothing but the output is
held. Data these rules do not cover (another type, or an object reached twice, which ``yaml.dump``
would write as an anchor) goes to ``yaml.dump`` itself.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

_STR = "tag:yaml.org,2002:str"
_OPTIONS: dict[str, Any] = {"allow_unicode": True, "width": 1000}


class _Unplain(Exception):
    """The data holds what only ``yaml.dump`` writes as it should."""


def dump(data: Any) -> str:
    """*data* as ``yaml.dump(data, allow_unicode=True, sort_keys=False, width=1000,
    default_flow_style=False)`` with the safe dumper writes it."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: a 1 MB paragraph in 0.1 s, not 1.5 s
    stream = io.StringIO()
    emitter = dumper(stream, **_OPTIONS)  # as yaml.emit makes it
    try:
        emitter.emit(yaml.StreamStartEvent())
        emitter.emit(yaml.DocumentStartEvent(explicit=None))
        _Writer(emitter.emit, reuse=dumper is getattr(yaml, "CSafeDumper", None)).write(data)
        emitter.emit(yaml.DocumentEndEvent(explicit=None))
        emitter.emit(yaml.StreamEndEvent())
    except _Unplain:
        return yaml.dump(data, Dumper=dumper, sort_keys=False, default_flow_style=False, **_OPTIONS)
    finally:
        emitter.dispose()
    return stream.getvalue()


class _Writer:
    """Hands a value's events to the emitter as ``SafeRepresenter`` and the serializer make them."""

    def __init__(self, emit: Any, reuse: bool) -> None:
        import yaml
        from yaml.resolver import Resolver  # the safe dumpers' resolver, C or not

        self.emit = emit
        # libyaml copies each event as it takes it: one scalar event, refilled, serves for all (the
        # Python emitter keeps events to look ahead, so it gets a new one each time)
        self.reused = yaml.ScalarEvent(None, _STR, (True, True), "") if reuse else None
        self.mapping = yaml.MappingStartEvent(None, "tag:yaml.org,2002:map", True, flow_style=False)
        self.mapping_end = yaml.MappingEndEvent()
        self.sequence = yaml.SequenceStartEvent(None, "tag:yaml.org,2002:seq", True, flow_style=False)
        self.sequence_end = yaml.SequenceEndEvent()
        if Resolver.yaml_path_resolvers:  # none unless a program adds them: then as yaml.dump does
            raise _Unplain
        resolvers = Resolver.yaml_implicit_resolvers
        wildcard = resolvers.get(None, [])
        # first character → the implicit resolvers that may read a plain scalar as another type
        self.resolvers = {start: rules + wildcard for start, rules in resolvers.items() if start is not None}
        self.wildcard = wildcard
        self.seen: set[int] = set()  # mappings, lists and dates: one reached twice gets an anchor

    def write(self, data: Any) -> None:
        kind = type(data)
        if kind is str:
            self.scalar(_STR, data)
        elif kind is dict:
            self.once(data)
            self.emit(self.mapping)
            for key, value in data.items():
                self.write(key)
                self.scalar(_STR, value) if type(value) is str else self.write(value)
            self.emit(self.mapping_end)
        elif kind is list:
            self.once(data)
            self.emit(self.sequence)
            for item in data:
                self.scalar(_STR, item) if type(item) is str else self.write(item)
            self.emit(self.sequence_end)
        elif kind is dt.date:
            self.once(data)
            self.scalar("tag:yaml.org,2002:timestamp", data.isoformat())
        elif data is None:
            self.scalar("tag:yaml.org,2002:null", "null")
        elif kind is bool:
            self.scalar("tag:yaml.org,2002:bool", "true" if data else "false")
        elif kind is int:
            self.scalar("tag:yaml.org,2002:int", str(data))
        else:
            raise _Unplain

    def once(self, data: Any) -> None:
        if id(data) in self.seen:
            raise _Unplain
        self.seen.add(id(data))

    def scalar(self, tag: str, value: str) -> None:
        """One scalar; implicit as the serializer finds it: whether its tag may be left out when
        written plain (nothing reads it as another type) and when quoted (it is text)."""
        resolved = _STR  # Resolver.resolve for a plain scalar, its rules looked up once
        for rule_tag, regexp in self.resolvers.get(value[:1], self.wildcard):
            if regexp.match(value):
                resolved = rule_tag
                break
        implicit = (tag == resolved, tag == _STR)
        event = self.reused
        if event is None:
            import yaml

            self.emit(yaml.ScalarEvent(None, tag, implicit, value))
            return
        event.tag, event.implicit, event.value = tag, implicit, value
        self.emit(event)
