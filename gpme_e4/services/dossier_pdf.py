"""The whole dossier's PDF plumbing, without a database: page counts, where
the parts' headings fall (the PDF outline wkhtmltopdf writes), and the stamp
that numbers every page continuously and marks a draft « PROVISOIRE ».

Why a stamp: the dossier is merged from several wkhtmltopdf runs (the
synoptic is landscape, the evidence PDFs are sealed files of their own), and
wkhtmltopdf numbers the pages of each run from 1. Numbering the merged file
once, from its real page order, cannot disagree with the contents page,
which is computed from the same page counts."""

import io

from PyPDF2 import PdfReader, PdfWriter
from PyPDF2.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas


def page_count(pdf):
    """Pages of a PDF (bytes); 0 for a file PyPDF2 cannot read."""
    try:
        return len(PdfReader(io.BytesIO(pdf), strict=False).pages)
    except Exception:
        return 0


def readable(pdf):
    """True when the bytes are a PDF PyPDF2 can copy page by page (a
    student's file may be anything: a broken one is listed, not appended)."""
    if not pdf or pdf[:5] != b"%PDF-":
        return False
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.write(io.BytesIO())
    except Exception:  # whatever PyPDF2 chokes on
        return False
    return len(reader.pages) > 0


def heading_pages(pdf, titles):
    """[page index or None] where each title (in order) is first found among
    the top-level entries of the PDF outline (the <h1> headings), each
    searched from the page of the previous one on."""
    entries = _outline_entries(PdfReader(io.BytesIO(pdf), strict=False))
    found = []
    start = 0
    for title in titles:
        wanted = " ".join(title.split())
        page = next((p for t, p in entries if t == wanted and p >= start), None)
        found.append(page)
        if page is not None:
            start = page
    return found


def split_at_heading(pdf, title, count):
    """The PDF of several records printed in one run, cut into `count` PDFs
    where each record's first <h1> heading `title` starts a page; None when
    the outline does not show exactly `count` of them, the first on page 1
    (the caller then prints the records one by one)."""
    reader = PdfReader(io.BytesIO(pdf), strict=False)
    wanted = " ".join(title.split())
    starts = sorted({p for t, p in _outline_entries(reader) if t == wanted})
    if len(starts) != count or not starts or starts[0] != 0:
        return None
    pieces = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < count else len(reader.pages)
        writer = PdfWriter()
        for page in range(start, end):
            writer.add_page(reader.pages[page])
        out = io.BytesIO()
        writer.write(out)
        pieces.append(out.getvalue())
    return pieces


def _outline_entries(reader):
    """[(title, page index)] of the top-level entries of the PDF outline."""
    entries = []
    try:
        outline = reader.outline
    except Exception:
        outline = []
    for item in outline:
        if isinstance(item, list):
            continue  # nested headings (h2…) of the entry before
        # wkhtmltopdf's named destinations give the page index itself.
        page = item.get("/Page")
        if not isinstance(page, int):
            try:
                page = reader.get_destination_page_number(item)
            except Exception:
                continue
        entries.append((" ".join(str(item.get("/Title", "")).split()), page))
    return entries


def stamp(pdf, page_label, watermark=None, banner=None):
    """The PDF with « page_label % (n, total) » at the foot of every page
    (bottom right) and, for a draft, a large diagonal watermark and a banner
    line at the foot of every page (the top holds the landscape synoptic's
    title)."""
    reader = PdfReader(io.BytesIO(pdf), strict=False)
    total = len(reader.pages)
    packet = io.BytesIO()
    can = canvas.Canvas(packet)
    for index in range(total):
        box = reader.pages[index].mediabox
        width, height = float(abs(box.width)), float(abs(box.height))
        can.setPageSize((width, height))
        can.setFont("Helvetica", 8)
        can.setFillColor(colors.black)
        can.drawRightString(width - 10 * mm, 4 * mm, page_label % (index + 1, total))
        if watermark:
            can.saveState()
            can.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
            can.setFont("Helvetica-Bold", 90 if width < height else 110)
            can.translate(width / 2, height / 2)
            can.rotate(45 if width < height else 30)
            can.drawCentredString(0, -30, watermark)
            can.restoreState()
        if banner:
            can.setFillColor(colors.Color(0.75, 0.1, 0.1))
            can.setFont("Helvetica-Bold", 9)
            can.drawCentredString(width / 2, 4 * mm, banner)
        can.showPage()
    can.save()
    marks = PdfReader(packet, strict=False)
    writer = PdfWriter()
    for index in range(total):
        writer.add_page(reader.pages[index])
        _overlay(writer, writer.pages[index], marks.pages[index], index)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _overlay(writer, page, mark, index):
    """Draw `mark` over `page` as a form XObject: the page's own content is
    kept as it is, never parsed (PyPDF2's merge_page parses every content
    stream: seconds per page on the fiches and the evidence PDFs)."""
    form = DecodedStreamObject()
    form.set_data(mark.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in mark.mediabox]),
            NameObject("/Resources"): mark["/Resources"],
        }
    )
    name = NameObject(f"/GpmeStamp{index}")
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects[name] = writer._add_object(form)
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(b"\nQ q " + name.encode() + b" Do Q\n")
    contents = page.get("/Contents")
    original = contents.get_object() if contents is not None else None
    parts = (
        list(original)
        if isinstance(original, ArrayObject)
        else ([contents] if contents is not None else [])
    )
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *parts, writer._add_object(after)]
    )
