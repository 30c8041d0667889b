"""Import cameras from a CSV file or workbook, in the camera export's format or through a column
mapping: every row, or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cameras.imports import import_cameras
from cameras.imports.mapping import parse_columns
from core.roc import RocDateError, format_roc, parse_date


class Command(BaseCommand):
    help = (
        "Import cameras from a CSV file in the camera export's own format, matched by asset tag "
        "(created or updated). Every row is checked first; if any is wrong, nothing is written, "
        "every problem is listed as 'line N, column X: …' and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="The CSV file (UTF-8 with or without BOM, Big5, UTF-16) or workbook (.xlsx).",
        )
        parser.add_argument(
            "--sheet", metavar="NAME", help="The workbook's sheet to read; default the first."
        )
        parser.add_argument(
            "--columns",
            metavar="MAPPING",
            help="A department's own list: which of its columns holds which field, as "
            '"編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction". Its other '
            "columns are not read. See the README for the fields.",
        )
        parser.add_argument(
            "--batch", metavar="CODE", help="With --columns: put every row in this batch."
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="With --columns: create the precincts and police stations the list names that "
            "the register lacks (codes made from their names).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--encoding",
            choices=["auto", "utf-8", "cp950", "big5"],
            default="auto",
            help="The file's encoding; auto tries UTF-8, then Big5 (CP950).",
        )
        parser.add_argument(
            "--create-sites",
            action="store_true",
            help="Create sites that are not in the register (the precinct column then says where).",
        )

        parser.add_argument(
            "--effective-on",
            metavar="DATE",
            help="The day the file's changes took effect (112/08/31 or 2023-08-31); default "
            "today. A row's own effective_on column wins over it.",
        )
        parser.add_argument(
            "--correction",
            action="store_true",
            help="The register was wrong: rewrite the cameras' past (from --effective-on, else "
            "from each camera's install day) instead of recording a change. Needs --reason.",
        )
        parser.add_argument("--reason", default="", help="Why: the history shows it.")
        parser.add_argument(
            "--in-service-on",
            metavar="DATE",
            help="For rows without an install day: the day the cameras are known to have been "
            "in service at latest. Their install day stays unknown; figures count them from "
            "this day. A row's own in_service_since_at_latest column wins over it.",
        )

    def handle(self, *args, file: str, dry_run: bool, encoding: str, create_sites: bool, **opts):
        day = self.day("--effective-on", opts["effective_on"])
        columns = None
        if opts["columns"] is not None:
            try:
                columns = parse_columns(opts["columns"])
            except ValueError as error:
                raise CommandError(f"--columns: {error}") from None
        elif opts["batch"] or opts["create_units"]:
            raise CommandError(_("--batch and --create-units go with --columns."))
        in_service_on = self.day("--in-service-on", opts["in_service_on"])
        if opts["correction"] and not opts["reason"].strip():
            raise CommandError(_("--correction needs --reason: say why the records were wrong."))
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        result = import_cameras(
            data,
            encoding=encoding,
            create_sites=create_sites,
            commit=not dry_run,
            file_name=Path(file).name,
            effective_on=day,
            correction=opts["correction"],
            reason=opts["reason"].strip(),
            in_service_on=in_service_on,
            columns=columns,
            batch=opts["batch"],
            create_units=opts["create_units"],
            sheet=opts["sheet"],
        )
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            count = len(result.problems)
            raise CommandError(
                ngettext(
                    "Nothing was written: %(file)s has %(count)s problem.",
                    "Nothing was written: %(file)s has %(count)s problems.",
                    count,
                )
                % {"count": count, "file": file}
            )
        counts = {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "sites": len(result.new_sites),
            "encoding": result.encoding,
        }
        if not dry_run and not result.written:
            message = _(
                "Nothing to import: the register already holds every row. Rows read: %(rows)s "
                "(%(encoding)s)."
            )
        elif dry_run:
            message = _(
                "Dry run, nothing written. Rows read: %(rows)s (%(encoding)s); cameras to create: "
                "%(created)s, to update: %(updated)s, unchanged: %(unchanged)s; new sites: "
                "%(sites)s."
            )
        else:
            message = _(
                "Imported. Rows read: %(rows)s (%(encoding)s); cameras created: %(created)s, "
                "updated: %(updated)s, unchanged: %(unchanged)s; new sites: %(sites)s."
            )
        self.stdout.write(message % counts)
        for precinct, station, n in result.by_unit():  # where the new cameras go
            self.stdout.write(f"  {precinct} {station}".rstrip() + f": {n:,}")

    @staticmethod
    def day(option: str, text):
        """Read a day option (--effective-on): a day as staff write it, not after today."""
        if text is None:
            return None
        try:
            day = parse_date(text.strip())
        except RocDateError as error:
            raise CommandError(f"{option}: {error}") from None
        today = timezone.localdate()
        if day > today:
            raise CommandError(
                _("%(option)s: %(day)s is after today (%(today)s).")
                % {"option": option, "day": format_roc(day), "today": format_roc(today)}
            )
        return day
