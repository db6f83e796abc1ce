"""`postmortem list --query Q`: the rows that match a query (core/search.py, docs/search.md),
each followed by where it matched. A query that cannot be read is one line on stderr, exit 2.
Files that do not load cannot be searched: a note on stderr says how many (exit 0)."""

from __future__ import annotations

from datetime import date

from ..core.search import QueryError, matches, parse_query, places
from ..storage.details import workspace_details
from ..storage.listing import row_json, row_line, workspace_rows
from .reporting import UsageError, complain, one_line, safe_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from ..storage.workspace import Workspace


def list_query_main(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    import sys

    try:
        query = parse_query(args.query)
    except QueryError as error:
        raise UsageError(f"--query: {error}") from None
    rows, today = workspace_rows(workspace), date.today()
    documents = {d.id: d.document for d in workspace_details(workspace) if d.document is not None}
    found = []
    for row in rows:
        doc = documents.get(row.id)
        if not row.broken and doc is not None and matches(query, doc):
            found.append((row, places(query, doc)))
    not_searched = sum(1 for row in rows if row.broken)
    if args.json:
        data = [
            {
                **row_json(row, today),
                "matches": [{"section": p.section, "excerpt": p.excerpt} for p in where],
            }
            for row, where in found
        ]
        print(safe_json(data), file=out)
    elif not found:
        print("No postmortem matches the query", file=out)
    else:
        id_width = max(len(row.id) for row, _ in found)
        for row, where in found:
            print(one_line(row_line(row, today, id_width)), file=out)
            for place in where:
                print(f"    {one_line(place.as_text())}", file=out)
    if not_searched:
        complain(sys.stderr, f"{not_searched} file(s) that do not load were not searched")
    return 0
