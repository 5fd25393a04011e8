"""Layout tables: the column of links set beside the story in the row that holds both."""

from __future__ import annotations

import lxml.html

from reader.extraction.readable import is_data_table, link_density


def remove_side_columns(article: lxml.html.HtmlElement) -> None:
    """Drop the link columns set beside the story in a layout table's row, in place.

    On table layouts the story's container is often the row that holds both the story's
    cell and a column of linked headlines ("More news", "Highlights") beside it.  A cell
    mostly of links, with no paragraph of prose, beside a cell with more text and few
    links, is that column; data tables are left whole.
    """
    for row in list(article.iter("tr")):
        table = next(row.iterancestors("table"), None)
        # A row chosen as the story's container has no table left around it.
        if (table is not None and is_data_table(table)) or row.getparent() is None:
            continue
        cells = [c for c in row if c.tag == "td" and _length(c)]
        if len(cells) < 2:
            continue
        story = max(cells, key=_length)
        if link_density(story) >= 0.2:
            continue
        for cell in cells:
            if (
                cell is not story
                and link_density(cell) > 0.5
                and not any(_length(p) >= 80 and link_density(p) < 0.2 for p in cell.iter("p"))
            ):
                cell.drop_tree()


def _length(el: lxml.html.HtmlElement) -> int:
    return len(" ".join((el.text_content() or "").split()))
