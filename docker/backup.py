"""Backup and restore of a gpme_e4 database in Odoo's own dump format (a zip:
dump.sql, the filestore, manifest.json), from the command line only.

    python3 backup.py -c odoo.conf backup DB FILE.zip
    python3 backup.py -c odoo.conf restore DB FILE.zip [--copy]

The server runs with the database manager off (list_db = False); this one-off
process alone turns it on for itself, and needs no master password.
"""

import argparse
import sys

import odoo
from odoo.service import db as db_service
from odoo.tools import config


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("database")
    parser.add_argument("file")
    parser.add_argument(
        "--copy",
        action="store_true",
        help="restore as a copy (new database UUID) next to the original",
    )
    args = parser.parse_args(argv)
    config.parse_config(["-c", args.config])
    # The served processes keep list_db = False; only this process may dump.
    config["list_db"] = True
    odoo.netsvc.init_logger()
    if args.action == "backup":
        with open(args.file, "wb") as stream:
            db_service.dump_db(args.database, stream, "zip")
    else:
        if db_service.exp_db_exist(args.database):
            sys.exit(f"The database {args.database} exists: restore into a new name.")
        db_service.restore_db(args.database, args.file, copy=args.copy)
    print(f"{args.action}: {args.database} {args.file}")


if __name__ == "__main__":
    main()
