"""The ``claimdocs`` command (report.md "Command line").

    claimdocs process PATH... [--claim CLAIM.json] [--policy NAME_OR_FILE] [--json]
    claimdocs policy check FILE

Exit status: 0 whenever a report was produced (whatever the decision), 2 for bad
arguments or configuration, 1 for an input that cannot be processed at all; errors are
one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

from claimdocs.errors import ClaimDocsError, DeclarationError, InputError
from claimdocs.settings import Settings

log = logging.getLogger("claimdocs")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return args.run(args)
    except ClaimDocsError as error:
        print(f"claimdocs: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the edge: log the traceback for developers, one line for users
        log.debug("unexpected error", exc_info=True)
        print(f"claimdocs: internal error ({type(error).__name__}: {error}); run with -v for details",
              file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimdocs", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging details to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    process = commands.add_parser("process", help="read and judge a claim packet, print its report")
    process.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders: one packet")
    process.add_argument("--claim", type=Path, help="the declaration as JSON (report.md)")
    process.add_argument("--policy", help="policy name (e.g. reference) or a policy YAML file")
    process.add_argument("--json", action="store_true", help="print the JSON report instead of a summary")
    process.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    process.set_defaults(run=_run_process)

    policy = commands.add_parser("policy", help="policy files")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    check = policy_commands.add_parser("check", help="validate a policy file")
    check.add_argument("file", type=Path)
    check.set_defaults(run=_run_policy_check)
    return parser


def _run_process(args: argparse.Namespace) -> int:
    from claimdocs.pipeline import process_packet
    from claimdocs.summary import render_summary

    settings = Settings()
    claim = _load_claim(args.claim) if args.claim else None
    report = process_packet(args.paths, settings, claim=claim, policy=args.policy,
                            today=args.today or date.today())
    if not report["pages"] and all(f.get("error") for f in report["files"]):
        reasons = "; ".join(f"{f['name']}: {f['error']['message']}" for f in report["files"])
        raise InputError(f"nothing in the packet could be read ({reasons})")
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_summary(report))
    return 0


def _load_claim(path: Path):
    from claimdocs.rules.declaration import parse_claim_json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DeclarationError(f"cannot read the claim file: {error.strerror}", file=str(path)) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DeclarationError(f"the claim file is not valid JSON ({error})", file=str(path)) from error
    if not isinstance(data, dict):
        raise DeclarationError("the claim file must hold a JSON object", file=str(path))
    return parse_claim_json(data)


def _run_policy_check(args: argparse.Namespace) -> int:
    from claimdocs.rules.policy import check_policy_file

    policy = check_policy_file(args.file)
    print(f"{args.file}: ok ({policy.id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
