"""Imports that run through calls at import time: `app = create_app()` runs create_app's imports.

A call made while a module runs (at module level, in a class body, in a decorator, in a default
value, in a class's bases) runs the body of the function it calls, and so the imports inside it.
Each such import becomes a record of the calling module, at the call site, with Context.CALLED
(eager), and `via` naming the import statement it runs.

What is followed, and what is not (docs/architecture.md, "Python's import semantics in the graph"):
- the called function is a first-party function defined at the top level of a module: called by
  its name where it is defined, by a name imported with `from X import f` (or `as`), or as an
  attribute of an imported first-party module (`factory.create_app()`, `pkg.factory.f()`);
- inside it, every import that runs when it runs: not those in a nested `def` or lambda, nor
  under a type-checking guard;
- calls from it to other such functions, up to MAX_DEPTH calls deep (a chain of three helper
  functions is rare; past that the answer would grow with no new edges in practice);
- not followed: methods and constructors (`App()` runs `__init__`), functions passed around as
  values, calls inside a function that is itself only called from another function's body.

Only the files that can matter are parsed again: a caller, when a function it names (read from
the module the name comes from) does run a first-party import; the modules those functions and
their calls live in; and, once parsed, each of them is read for its own calls at import time.
A function's body is walked when a call reaches it. The whole-file and the imports-only scans
both pass through here, so both give the same records.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from importmap.domain import Codebase, Context, Import, Module
from importmap.guards import guard_names, type_checking_guard
from importmap.patterns import within
from importmap.scan.called_text import CallIndex, enclosing_def, top_level_pieces
from importmap.scan.lexer import physical_lines
from importmap.scan.source import decode, parse
from importmap.semantics.skeleton import parse_skeleton

# How many calls deep a chain of first-party functions is followed from the call site.
MAX_DEPTH = 3

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

# A function, as (module, name).
FunctionKey = tuple[str, str]
# An import that runs when a function runs: the record, the function it sits in, and whether it
# surely runs whenever that function runs.
_Run = tuple[Import, str, bool]


@dataclass
class _Function:
    module: str
    name: str
    # Lines (1-based) of the imports that run when it runs; and the calls it makes.
    import_lines: set[int] = field(default_factory=set)
    calls: list[ast.expr] = field(default_factory=list)
    # Of those, the ones that surely run whenever it runs (`_surely_run`): the simulator checks
    # the names such an import reads.
    sure_import_lines: set[int] = field(default_factory=set)
    sure_calls: set[int] = field(default_factory=set)  # ids of `calls`' callee nodes
    # Names the body binds itself (arguments, assignments): a call through one may reach
    # another function than the module-level one of that name.
    local_names: frozenset[str] = frozenset()


@dataclass
class _Parsed:
    module: Module
    tree: ast.Module
    lines: list[str]
    guards: frozenset[str]
    # The top-level functions, by name; each body is walked when first asked (`function`):
    # most functions of a parsed module never run at import time (sympy: 13,440 functions in
    # the modules read, the walk of them all 19 s of a 44 s profiled check).
    defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    # Local name -> (module, attribute) for `from X import f as g`; -> (module, "") for a module.
    bound: dict[str, tuple[str, str]]
    # Names bound more than once at module level (or, read in part, named beyond the parts):
    # which function a call through one reaches depends on when it runs.
    rebound: frozenset[str] = frozenset()
    walked: dict[str, _Function] = field(default_factory=dict)
    # The tree was parsed with every function body cut (`semantics.skeleton`): a function is
    # parsed whole, alone, when its body is walked. name -> (first line, last line), 1-based.
    cut_spans: dict[str, tuple[int, int]] | None = None

    def function(self, name: str) -> _Function:
        found = self.walked.get(name)
        if found is None:
            found = self.walked[name] = _function(self.module.name, self._def(name), self.guards)
        return found

    def _def(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
        cut = self.defs[name]
        if self.cut_spans is None:
            return cut
        first, last = self.cut_spans[name]
        # The lines above stay, blank, so that every node keeps its line number.
        piece = "\n" * (first - 1) + "\n".join(self.lines[first - 1 : last])
        try:
            statement = ast.parse(piece).body[0]
        except (SyntaxError, ValueError, RecursionError, MemoryError, IndexError):
            return cut
        return statement if isinstance(statement, _FUNCTIONS) else cut


def with_called_imports(
    codebase: Codebase, base_dir: Path, read: set[str] | None = None
) -> Codebase:
    """The codebase with a CALLED record for every import a call at import time runs.

    `read`: filled with every module whose text was read. The records depend on nothing else
    of a file but its import records: an edit of any other file that keeps its imports keeps
    them (what lets `check` replay its last outcome).

    Cheap first: each import inside a function is placed in its top-level `def` from the text
    (`called_text`), and only the modules whose text names such a function (and the modules
    defining the functions they name) are parsed, where the parse settles every question.
    """
    by_module = {module.name: module for module in codebase.modules}
    records_by_module: dict[str, list[Import]] = {}
    # The records that can bind a first-party function's module or name, by imported module:
    # each round of `_callers` looks up only the modules defining the functions it follows.
    importers_of: dict[str, list[Import]] = {}
    for record in codebase.imports:
        records_by_module.setdefault(record.importer, []).append(record)
        if record.internal and not record.implicit and record.importer != record.imported:
            importers_of.setdefault(record.imported, []).append(record)
    reader = _Reader(by_module, base_dir)
    # Functions that may hold an import, by module, from the text alone.
    known: dict[str, set[str]] = {}
    for name, records in records_by_module.items():
        lines = [r.line for r in records if r.context is Context.FUNCTION and r.internal]
        if not lines:
            continue
        text_lines = reader.lines(name)
        found = {f for line in lines if (f := enclosing_def(text_lines, line - 1)) is not None}
        if found:
            known[name] = found
    # Callers of callers, from the text: a function whose body names a function found so far
    # may run its imports too, when it is called at import time. MAX_DEPTH rounds.
    every = {name: set(functions) for name, functions in known.items()}
    at_import: dict[str, set[str]] = {}
    call_lines: dict[str, set[int]] = {}
    sources: dict[str, set[tuple[str, str]]] = {}
    for _ in range(MAX_DEPTH):
        known = _with_reexports(known, importers_of)
        for name, functions in known.items():
            every.setdefault(name, set()).update(functions)
        calls = _callers(importers_of, known, reader)
        for name, called in calls.at_import.items():
            at_import.setdefault(name, set()).update(called)
        for name, indices in calls.lines.items():
            call_lines.setdefault(name, set()).update(indices)
        for name, named in calls.sources.items():
            sources.setdefault(name, set()).update(named)
        known = {}
        for name, functions in calls.in_bodies.items():
            new = functions - every.get(name, set())
            if new:
                known[name] = new
                every.setdefault(name, set()).update(new)
        if not known:
            break

    # Parsed when first needed: each import-time caller, then the modules whose functions its
    # calls reach (`_RunSets`), so a module whose functions no call at import time reaches is
    # never parsed (sympy: 796 modules parsed whole before, 1.2 GB of syntax trees).
    def load(name: str) -> _Parsed | None:
        read = None
        if name not in every and name in call_lines:
            # A caller only: the statements holding its calls and its imports suffice.
            statements = {r.line - 1 for r in records_by_module.get(name, ()) if r.eager}
            read = reader.read(name, call_lines[name] | statements)
        if read is None and (name in every or name in call_lines):
            read = reader.read(name)
        return read

    runs = _RunSets(load, records_by_module)

    # A caller is parsed only when a function it names does run a first-party import (through
    # the functions it calls), read from the module the name comes from: most callers name a
    # helper that imports nothing of the project (transformers: 1,220 callers, 4 of them giving
    # records; parsing them all was a third of `check --select IMP001`). Which calls run which
    # imports does not depend on the order they are asked in (`_RunSets.runs` goes one call
    # deeper each time), so asking here first changes no record.
    def gives_records(caller: str) -> bool:
        return any(
            runs.runs(key)
            for module, name in sorted(sources.get(caller, ()))
            if (key := runs.known(module, name)) is not None
        )

    added: list[Import] = []
    done: set[str] = set()
    for caller in sorted(at_import):
        if not gives_records(caller):
            continue
        done.add(caller)
        parsed = runs.parsed(caller)
        if parsed is not None:
            added.extend(_called_records(parsed, runs))
    # Every module parsed on the way is read for its calls at import time too: the text search
    # knows a function by its own name, and a module read for another reason may call it by an
    # alias (`from app.factory import create_app as make`, then `make()`).
    while pending := sorted(runs.loaded() - done):
        for name in pending:
            done.add(name)
            parsed = runs.parsed(name)
            if parsed is not None:
                added.extend(_called_records(parsed, runs))
    if read is not None:
        read.update(reader.texts_read())
    if not added:
        return codebase
    imports = sorted([*codebase.imports, *added], key=_order)
    return replace(codebase, imports=tuple(imports))


def _with_reexports(
    functions: dict[str, set[str]], importers_of: dict[str, list[Import]]
) -> dict[str, set[str]]:
    """Also the packages that re-export one of `functions` under its own name: after
    `from redash.app import create_app` in redash/__init__.py, `from redash import create_app`
    then `create_app()` runs it too (redash's wsgi.py). `resolve` follows the binding."""
    found = {module: set(names) for module, names in functions.items()}
    for module, names in functions.items():
        for record in importers_of.get(module, ()):
            if (
                record.eager
                and record.context is not Context.CALLED
                and record.names
                and record.target == record.imported
            ):
                exported = names & set(record.names)
                if exported:
                    found.setdefault(record.importer, set()).update(exported)
    return found


def _order(record: Import) -> tuple[str, int, int, str]:
    return (record.importer, record.line, record.column, record.imported)


class _Reader:
    def __init__(self, modules: dict[str, Module], base_dir: Path) -> None:
        self._modules = modules
        self._base_dir = base_dir
        self.names = set(modules)
        self._texts: dict[str, str | None] = {}
        self._calls: dict[str, CallIndex | None] = {}

    def calls(self, name: str) -> CallIndex | None:
        """The module's calls, read once for all the rounds that search it."""
        if name not in self._calls:
            text = self.text(name)
            self._calls[name] = None if text is None else CallIndex(text)
        return self._calls[name]

    def texts_read(self) -> set[str]:
        """Every module whose text was asked for, found or not."""
        return set(self._texts)

    def text(self, name: str) -> str | None:
        if name in self._texts:
            return self._texts[name]
        module = self._modules.get(name)
        text: str | None = None
        if module is not None and module.path.endswith(".py"):
            try:
                data = (self._base_dir / module.path).read_bytes()
            except OSError:
                data = None
            if data is not None:
                decoded, problem = decode(data)
                text = decoded if problem is None else None
        self._texts[name] = text
        return text

    def lines(self, name: str) -> list[str]:
        text = self.text(name)
        return [] if text is None else physical_lines(text)

    def read(self, name: str, only: set[int] | None = None) -> _Parsed | None:
        """The module parsed; with `only` (0-based line indices), just the top-level
        statements holding those lines (None when they do not parse alone)."""
        text = self.text(name)
        if text is None:
            return None
        piece = None
        if only is not None:
            piece = top_level_pieces(self.lines(name), only)
            if piece is None:
                return None
            tree, source, _ = parse(piece)
            source = replace(source, text=text)
        else:
            # Most of a module's text is function bodies, and few of its functions run at import
            # time: the module is parsed with its bodies cut, each body parsed when walked.
            skeleton = parse_skeleton(text)
            if skeleton is not None:
                return self._parsed(name, skeleton, text, cut=True)
            tree, source, _ = parse(text)
        if tree is None:
            return None
        return self._parsed(name, tree, source.text, cut=False, piece=piece)

    def _parsed(
        self, name: str, tree: ast.Module, text: str, cut: bool, piece: str | None = None
    ) -> _Parsed:
        """`cut`: `tree` has its function bodies cut; `piece`: it is these statements only."""
        module = self._modules[name]
        guards = guard_names(text)
        defs = {
            statement.name: statement
            for statement in tree.body
            if isinstance(statement, _FUNCTIONS)
        }
        bound = _bindings(tree, module, self.names)
        rebound = _bound_twice(tree)
        if piece is not None:
            # The statements left out may bind a name too: any named there counts as rebound.
            kept = physical_lines(piece)
            rebound |= {
                word
                for line, kept_line in zip(self.lines(name), kept, strict=False)
                if line and not kept_line
                for word in _WORD.findall(line)
                if word in bound or word in defs
            }
        lines = physical_lines(text)
        spans = _spans(tree.body, len(lines)) if cut else None
        return _Parsed(
            module, tree, lines, guards, defs, bound, frozenset(rebound), cut_spans=spans
        )


def _spans(body: Sequence[ast.stmt], last_line: int) -> dict[str, tuple[int, int]]:
    """Each top-level function's lines, decorators included, up to the next statement."""
    starts = [
        min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        for statement in body
    ]
    spans: dict[str, tuple[int, int]] = {}
    for index, statement in enumerate(body):
        if isinstance(statement, _FUNCTIONS):
            end = starts[index + 1] - 1 if index + 1 < len(body) else last_line
            spans[statement.name] = (starts[index], end)
    return spans


@dataclass
class _Calls:
    # Module -> the functions of `known` it may call at import time.
    at_import: dict[str, set[str]] = field(default_factory=dict)
    # Module -> the 0-based lines of those calls.
    lines: dict[str, set[int]] = field(default_factory=dict)
    # Module -> its top-level functions whose bodies name a function of `known`.
    in_bodies: dict[str, set[str]] = field(default_factory=dict)
    # Module -> (module, name) of each function of `known` it may call at import time, as
    # the name reaches it: defined there, or bound by one of its imports.
    sources: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def _callers(
    importers_of: dict[str, list[Import]], functions: dict[str, set[str]], reader: _Reader
) -> _Calls:
    """The modules that name one of `functions` followed by `(`: the defining module itself,
    and those binding the function or its module; where the name sits decides which list."""
    found = _Calls()
    # Module -> name -> the modules of `functions` the name may come from there.
    candidates: dict[str, dict[str, set[str]]] = {}
    for module, defined in functions.items():
        for name in defined:
            candidates.setdefault(module, {}).setdefault(name, set()).add(module)
    for imported, names in functions.items():
        for record in importers_of.get(imported, ()):
            # `import X` / `from P import X`: called as X.f(...); `from X import f`: as f(...).
            from_import = bool(record.names) and record.target == record.imported
            bound = set(record.names) & names if from_import else names
            for name in bound:
                candidates.setdefault(record.importer, {}).setdefault(name, set()).add(imported)
    for module, sources in sorted(candidates.items()):
        index = reader.calls(module)
        if index is None:
            continue
        at_import, in_bodies, lines = index.where_named(set(sources))
        if at_import:
            found.at_import[module] = at_import
            found.lines[module] = lines
            found.sources[module] = {
                (source, name) for name in at_import for source in sources[name]
            }
        if in_bodies:
            found.in_bodies[module] = in_bodies
    return found


def _bindings(tree: ast.Module, module: Module, known: set[str]) -> dict[str, tuple[str, str]]:
    """Names bound at module level by imports of first-party modules."""
    bound: dict[str, tuple[str, str]] = {}
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for statement in _top_level_statements(tree.body):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    bound[alias.asname] = (alias.name, "")
                else:
                    top = alias.name.partition(".")[0]
                    bound[top] = (top, "")
        elif isinstance(statement, ast.ImportFrom):
            base = _absolute(statement, package)
            if base is None:
                continue
            for alias in statement.names:
                local = alias.asname or alias.name
                submodule = f"{base}.{alias.name}" if base else alias.name
                bound[local] = (submodule, "") if submodule in known else (base, alias.name)
    return bound


_WORD = re.compile(r"[^\W\d]\w*")


def _bound_twice(tree: ast.Module) -> set[str]:
    """Names bound by more than one statement (or target) of the module's own code."""
    count: Counter[str] = Counter()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            count[node.name] += 1
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Import):
            count.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
            continue
        if isinstance(node, ast.ImportFrom):
            count.update(alias.asname or alias.name for alias in node.names)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            count[node.id] += 1
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            count[node.name] += 1
        stack.extend(ast.iter_child_nodes(node))
    return {name for name, times in count.items() if times > 1}


def _absolute(statement: ast.ImportFrom, package: str) -> str | None:
    if not statement.level:
        return statement.module or ""
    parts = package.split(".") if package else []
    climb = statement.level - 1
    if climb > len(parts) or (climb == len(parts) and not statement.module):
        return None
    base = ".".join(parts[: len(parts) - climb])
    if statement.module:
        return f"{base}.{statement.module}" if base else statement.module
    return base


def _top_level_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run at module level, through if/try/with blocks (not functions)."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            continue
        for name in ("finalbody", "orelse", "handlers", "body"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                stack.extend(reversed([child for child in inner if isinstance(child, ast.AST)]))


def _function(
    module: str, node: ast.FunctionDef | ast.AsyncFunctionDef, guards: frozenset[str]
) -> _Function:
    """What runs when the function runs: its imports' lines and its calls; and which of them
    surely run whenever it runs (`_surely_run`), from the same walk."""
    found = _Function(module, node.name)
    # (node, index of the body statement it sits in, whether it may run when that one runs):
    # the branches an `if` never takes at run time are walked too, for `yield`, `return`...
    stack: list[tuple[ast.AST, int, bool]] = [
        (statement, index, True) for index, statement in reversed(list(enumerate(node.body)))
    ]
    exits_at = len(node.body)
    generator = False
    while stack:
        current, top, runs = stack.pop()
        if isinstance(current, (ast.Yield, ast.YieldFrom)):
            generator = True
        elif isinstance(current, _EXITS):
            exits_at = min(exits_at, top)
        if isinstance(current, _DEFERRED):
            # A nested def or lambda: its defaults and decorators run, its body does not.
            stack.extend((part, top, runs) for part in _evaluated_parts(current))
            continue
        if isinstance(current, (ast.Import, ast.ImportFrom)):
            if runs:
                found.import_lines.add(current.lineno)
            continue
        if isinstance(current, ast.If):
            stack.append((current.test, top, runs))
            taken = {id(branch) for branch in _runtime_branches(current, guards)}
            stack.extend(
                (branch, top, runs and id(branch) in taken)
                for branch in (*current.body, *current.orelse)
            )
            continue
        if runs and isinstance(current, ast.Call):
            found.calls.append(current.func)
        stack.extend((child, top, runs) for child in ast.iter_child_nodes(current))
    if not (isinstance(node, ast.AsyncFunctionDef) or node.decorator_list or generator):
        found.sure_import_lines, found.sure_calls = _surely_run(node.body, exits_at)
    found.local_names = frozenset(_local_names(node))
    return found


def _local_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = node.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every.extend(extra for extra in (arguments.vararg, arguments.kwarg) if extra is not None)
    names = {argument.arg for argument in every}
    for inner in _own_nodes(node):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, (ast.Store, ast.Del)):
            names.add(inner.id)
        elif isinstance(inner, (*_FUNCTIONS, ast.ClassDef)):
            names.add(inner.name)
        elif isinstance(inner, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).partition(".")[0] for a in inner.names)
    return names


# What ends a function early: after one, nothing is sure to run. Not break or continue: in a
# statement of the function's own body they sit in a loop of that statement, which they end.
_EXITS = (ast.Return, ast.Raise)
# Expressions whose parts may not be evaluated (or evaluated apart from the statement).
_MAYBE_EVALUATED = (
    ast.IfExp,
    ast.BoolOp,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _surely_run(body: Sequence[ast.stmt], exits_at: int) -> tuple[set[int], set[int]]:
    """The import lines and the calls (ids of their callees) that run whenever a plain function
    runs: statements of its body itself, up to the first that may end it early (`exits_at`,
    whose own call still runs: `return helper()`); a call only as the whole value of such a
    statement. An async function or a generator runs nothing when called, and a decorated
    function may not run its body when called (`contextmanager`, a command-line framework): the
    caller asks none of them. Whether an earlier statement raises is not known, and not asked."""
    lines: set[int] = set()
    calls: set[int] = set()
    for index, statement in enumerate(body[: exits_at + 1]):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            if index < exits_at:
                lines.add(statement.lineno)
            continue
        value = getattr(statement, "value", None)
        if isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return)) and (
            isinstance(value, ast.Call)
        ):
            calls.add(id(value.func))
    return lines, calls


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of `node`'s code, not of the functions, lambdas and classes it defines."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, (*_DEFERRED, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(current))


def _evaluated_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a def or lambda that run where it is defined: defaults and decorators."""
    if isinstance(node, ast.Lambda):
        arguments = node.args
        decorators: list[ast.expr] = []
    elif isinstance(node, _FUNCTIONS):
        arguments = node.args
        decorators = list(node.decorator_list)
    else:
        return []
    defaults = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
    return [*decorators, *defaults]


def _runtime_branches(node: ast.If, guards: frozenset[str]) -> list[ast.stmt]:
    """The branches of an `if` that may run when the module is imported: not the type
    checker's, nor the body of `if __name__ == "__main__":` (run as a script only). Any other
    condition is unknown statically: both branches may run."""
    guard = type_checking_guard(node.test, guards)
    if guard is None and _is_main_guard(node.test):
        guard = True
    if guard is None:
        return [*node.body, *node.orelse]
    return list(node.orelse) if guard else list(node.body)


def _is_main_guard(test: ast.expr) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if (
        not isinstance(test, ast.Compare)
        or len(test.ops) != 1
        or not isinstance(test.ops[0], ast.Eq)
    ):
        return False
    sides = [test.left, test.comparators[0]]
    names = [side for side in sides if isinstance(side, ast.Name) and side.id == "__name__"]
    main = [side for side in sides if isinstance(side, ast.Constant) and side.value == "__main__"]
    return len(names) == 1 and len(main) == 1


class _RunSets:
    """For each function: the import records that run when it runs, through its calls."""

    def __init__(
        self, load: Callable[[str], _Parsed | None], records: dict[str, list[Import]]
    ) -> None:
        self._load = load
        self._parsed: dict[str, _Parsed | None] = {}
        self._records = records
        self._cache: dict[tuple[FunctionKey, int], tuple[_Run, ...]] = {}

    def resolve(self, module: _Parsed, callee: ast.expr) -> FunctionKey | None:
        """The first-party top-level function a call's callee names, if it is one we read."""
        if isinstance(callee, ast.Name):
            if callee.id in module.defs:
                return module.module.name, callee.id
            target = module.bound.get(callee.id)
            if target is None or not target[1]:
                return None
            return self.known(target[0], target[1])
        if not isinstance(callee, ast.Attribute):
            return None
        parts: list[str] = [callee.attr]
        value = callee.value
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if not isinstance(value, ast.Name):
            return None
        target = module.bound.get(value.id)
        if target is None or target[1]:
            return None
        path = [target[0], *reversed(parts[1:])]
        return self.known(".".join(path), callee.attr)

    def steady(
        self,
        module: _Parsed,
        callee: ast.expr,
        key: FunctionKey,
        local: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether the call surely reaches `key`'s def: neither the name it is called through
        nor the function's own name is bound again (a rebinding, a second def, a local)."""
        root = callee
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id in module.rebound or root.id in local:
            return False
        defining = self.parsed(key[0])
        return defining is not None and key[1] not in defining.rebound

    def loaded(self) -> set[str]:
        """The modules parsed so far (or found unreadable)."""
        return set(self._parsed)

    def parsed(self, module: str) -> _Parsed | None:
        if module not in self._parsed:
            self._parsed[module] = self._load(module)
        return self._parsed[module]

    def known(self, module: str, name: str, hops: int = MAX_DEPTH) -> FunctionKey | None:
        found = self.parsed(module)
        if found is None:
            return None
        if name in found.defs:
            return module, name
        # A re-export (`from .app import create_app` in a package's __init__): follow it.
        target = found.bound.get(name)
        if hops and target is not None and target[1]:
            return self.known(target[0], target[1], hops - 1)
        return None

    def runs(self, key: FunctionKey, depth: int = MAX_DEPTH) -> tuple[_Run, ...]:
        """(record, function it sits in, whether it surely runs) for each import that runs
        when `key` runs."""
        cached = self._cache.get((key, depth))
        if cached is not None:
            return cached
        # Guard against recursion (f calls g calls f) while this one is being computed.
        self._cache[(key, depth)] = ()
        module = self.parsed(key[0])
        if module is None:  # never: `known` gave the key from the parsed module
            return ()
        function = module.function(key[1])
        found: list[_Run] = [
            (record, f"{key[0]}.{key[1]}", record.line in function.sure_import_lines)
            for record in self._records.get(key[0], ())
            if record.line in function.import_lines
            and record.context is Context.FUNCTION
            # The graph's concern: first-party modules (external ones are left to the heavy
            # checks, which read the function bodies themselves).
            and record.internal
        ]
        if depth > 1:
            for callee in function.calls:
                inner = self.resolve(module, callee)
                if inner is not None and inner != key:
                    sure = id(callee) in function.sure_calls and self.steady(
                        module, callee, inner, function.local_names
                    )
                    found.extend(
                        (record, where, surely and sure)
                        for record, where, surely in self.runs(inner, depth - 1)
                    )
        # One entry per import: sure when any way to it is.
        merged: dict[tuple[Import, str], bool] = {}
        for record, where, surely in found:
            merged[(record, where)] = merged.get((record, where), False) or surely
        result = tuple((record, where, surely) for (record, where), surely in merged.items())
        self._cache[(key, depth)] = result
        return result


def _called_records(module: _Parsed, runs: _RunSets) -> Iterator[Import]:
    name = module.module.name
    for call, evaluated in _import_time_calls(module.tree.body, module.guards):
        key = runs.resolve(module, call.func)
        if key is None:
            continue
        statement = _segment(module.lines, call)
        evaluated = evaluated and runs.steady(module, call.func, key)
        for record, function, surely in runs.runs(key):
            imported = record.imported
            # What the caller is, or lies inside, is in sys.modules already: no import.
            if within(name, imported):
                continue
            yield replace(
                record,
                importer=name,
                line=call.lineno,
                column=call.col_offset + 1,
                statement=statement,
                path=module.module.path,
                level=0,
                wildcard=False,
                context=Context.CALLED,
                beyond_top_level=False,
                via=f"{record.path}:{record.line} {record.statement} (in {function})",
                surely_runs=surely and evaluated,
            )


def _import_time_calls(
    body: Sequence[ast.stmt], guards: frozenset[str]
) -> Iterator[tuple[ast.Call, bool]]:
    """Calls evaluated while the module runs: in module-level and class-body code, decorators,
    default values and class bases; not in function or lambda bodies, nor for the type checker.
    Each with whether it is surely evaluated when its statement runs: not inside a conditional
    expression, a boolean operator, a comprehension, a lambda, an assert, or past the first
    comparison of a chained one."""
    stack: list[tuple[ast.AST, bool]] = [(statement, True) for statement in reversed(body)]
    while stack:
        node, sure = stack.pop()
        inner = sure and not isinstance(node, (*_MAYBE_EVALUATED, ast.Assert))
        if isinstance(node, _DEFERRED):
            stack.extend((part, inner) for part in reversed(_evaluated_parts(node)))
            continue
        if isinstance(node, ast.If):
            stack.extend((branch, sure) for branch in reversed(_runtime_branches(node, guards)))
            stack.append((node.test, sure))
            continue
        if isinstance(node, ast.Call):
            yield node, sure
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
            # `a < b < c()`: c() runs only when a < b holds.
            stack.extend((later, False) for later in reversed(node.comparators[1:]))
            stack.extend((first, inner) for first in (node.comparators[0], node.left))
            continue
        stack.extend((child, inner) for child in reversed(list(ast.iter_child_nodes(node))))


def _segment(lines: list[str], node: ast.expr) -> str:
    start, end = node.lineno, node.end_lineno or node.lineno
    if start == end:
        return lines[start - 1][node.col_offset : node.end_col_offset]
    pieces = [lines[start - 1][node.col_offset :], *lines[start : end - 1]]
    pieces.append(lines[end - 1][: node.end_col_offset])
    return " ".join(piece.strip() for piece in pieces)
